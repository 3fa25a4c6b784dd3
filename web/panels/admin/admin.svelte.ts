/**
 * State the beheer sections share: the organisations (the user form's select), the user names
 * (the audit filter's suggestions), the record whose history the audit section shows, and a
 * counter raised after every change so the audit list reloads.
 */
import { authApi, type Organisation, type User } from '../../api/auth.js';
import { Resource } from '../../api/resource.svelte.js';
import { nl } from '../../i18n/nl.js';

export interface HistoryTarget {
  table: string;
  record: string;
  /** What the heading names, e.g. "gebruiker jan". */
  label: string;
}

export class AdminState {
  /** The lists: a newer load (after a change) aborts an older one; `error` is the Dutch message. */
  readonly usersLoad = new Resource<User[]>();
  readonly orgsLoad = new Resource<Organisation[]>();
  history = $state.raw<HistoryTarget | null>(null);
  changes = $state(0);

  get users(): User[] {
    return this.usersLoad.data ?? [];
  }
  get orgs(): Organisation[] {
    return this.orgsLoad.data ?? [];
  }

  /** Resolves with the users, or null when the load failed (then `usersLoad.error`) or was replaced. */
  loadUsers(): Promise<User[] | null> {
    return this.usersLoad.run(async (signal) => (await authApi.users(signal)).users);
  }

  loadOrgs(): Promise<Organisation[] | null> {
    return this.orgsLoad.run(async (signal) => (await authApi.organisations(signal)).organisations);
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
