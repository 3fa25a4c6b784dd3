/**
 * State the beheer sections share: the organisations (the user form's select), the user names
 * (the audit filter's suggestions), the record whose history the audit section shows, and a
 * counter raised after every change so the audit list reloads.
 */
import { authApi, type Organisation, type User } from '../../api/auth.js';
import { nl } from '../../i18n/nl.js';

export interface HistoryTarget {
  table: string;
  record: string;
  /** What the heading names, e.g. "gebruiker jan". */
  label: string;
}

export class AdminState {
  users = $state.raw<User[]>([]);
  orgs = $state.raw<Organisation[]>([]);
  history = $state.raw<HistoryTarget | null>(null);
  changes = $state(0);

  async loadUsers(): Promise<void> {
    this.users = (await authApi.users()).users;
  }

  async loadOrgs(): Promise<void> {
    this.orgs = (await authApi.organisations()).organisations;
  }

  changed(): void {
    this.changes++;
  }

  /** Shows a record's audit history and moves the focus to its heading. */
  showHistory(table: string, record: string | number, label: string): void {
    this.history = { table, record: String(record), label };
    queueMicrotask(() => {
      const h = document.getElementById('audit-heading');
      h?.scrollIntoView({ block: 'start' });
      h?.focus();
    });
  }
}

export const ROLES = ['partner', 'analist', 'redacteur', 'beheerder'] as const;

const t = nl.auth.admin;
export const tableLabel = (table: string) => t.tables[table] ?? table;
export const actionLabel = (action: string) => t.actionLabels[action] ?? action;

const dateTime = new Intl.DateTimeFormat('nl-NL', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Amsterdam' });
export const formatDateTime = (iso: string | null) => (iso ? dateTime.format(new Date(iso)) : t.never);
