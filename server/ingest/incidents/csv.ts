/**
 * CSV incident files, streamed: papaparse in step mode over the decoded text chunks, only the
 * first {@link SAMPLE_ROWS} records buffered while the coordinate system is decided; the
 * delimiter is detected from the header line (an Excel `sep=;` first line is honoured).
 */
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import type { TextSource } from '../text.js';
import { mapColumns, requireColumns, type ColumnMap } from './columns.js';
import type { AxisKind } from './crs-check.js';
import { IncidentFileError, PROGRESS_EVERY, SAMPLE_ROWS, type IncidentField, type ParseIncidentsOptions, type ParseIncidentsResult } from './types.js';
import { RowValidator, type RawRecord } from './validate.js';
import { parseDecimal, parseIncidentDate, truncate } from './values.js';

const DELIMITERS = [';', ',', '\t', '|'] as const;

/** Count delimiter candidates outside double quotes in the first line. */
function detectDelimiter(firstLine: string): string | undefined {
  const sep = /^sep=(.)\s*$/i.exec(firstLine);
  if (sep) return sep[1];
  const counts = new Map<string, number>();
  let inQuotes = false;
  for (const ch of firstLine) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestN = 0;
  for (const d of DELIMITERS) {
    const n = counts.get(d) ?? 0;
    if (n > bestN) [best, bestN] = [d, n];
  }
  return best;
}

function looksLikeData(cells: string[]): boolean {
  return cells.some((c) => parseIncidentDate(c) !== null || (c.trim() !== '' && Number.isFinite(parseDecimal(c) ?? Number.NaN)));
}

export async function parseCsv(src: TextSource, options: ParseIncidentsOptions): Promise<ParseIncidentsResult> {
  const progressEvery = Math.max(1, options.progressEvery ?? PROGRESS_EVERY);
  // Wait for the whole first line (header) to sniff the delimiter and line ending.
  while (!/[\r\n]/.test(src.head.trimStart()) && src.head.length < 1_000_000) {
    const r = await src.rest.next();
    if (r.done) break;
    src.head += r.value;
  }
  const leading = src.head.length - src.head.trimStart().length;
  const afterLeading = src.head.slice(leading);
  const firstLineEnd = afterLeading.search(/[\r\n]/);
  const firstLine = firstLineEnd < 0 ? afterLeading : afterLeading.slice(0, firstLineEnd);
  let headerLine = firstLine;
  const sepLine = /^sep=(.)\s*$/i.test(firstLine);
  if (sepLine) {
    const restHead = afterLeading.slice(firstLine.length).replace(/^\r?\n/, '');
    const e = restHead.search(/[\r\n]/);
    headerLine = e < 0 ? restHead : restHead.slice(0, e);
  }
  const delimiter = detectDelimiter(firstLine) ?? ',';
  const crlf = src.head.indexOf('\r\n');
  const lf = src.head.indexOf('\n');
  const newline: '\r\n' | '\n' | '\r' = crlf >= 0 && crlf + 1 === lf ? '\r\n' : lf >= 0 ? '\n' : src.head.includes('\r') ? '\r' : '\n';
  const newlineChar = newline === '\r' ? '\r' : '\n';

  // Line bookkeeping: papaparse reports the character offset just after each record (meta.cursor);
  // counting line breaks up to where a record starts gives its line number, also for quoted
  // fields with line breaks. Text is dropped as soon as it has been counted.
  const pending: string[] = [];
  let pendingStart = 0; // absolute offset of pending[0]
  let countedTo = 0;
  let linesBefore = 0;
  const countTo = (abs: number) => {
    while (countedTo < abs && pending.length > 0) {
      const chunk = pending[0]!;
      const from = countedTo - pendingStart;
      const until = Math.min(chunk.length, abs - pendingStart);
      for (let i = from; i < until; i++) if (chunk.charCodeAt(i) === newlineChar.charCodeAt(0)) linesBefore++;
      countedTo = pendingStart + until;
      if (until === chunk.length) {
        pending.shift();
        pendingStart += chunk.length;
      }
    }
  };

  async function* text(): AsyncGenerator<string> {
    pending.push(src.head);
    yield src.head;
    for (;;) {
      const r = await src.rest.next();
      if (r.done) return;
      if (r.value === '') continue;
      pending.push(r.value);
      yield r.value;
    }
  }
  const stream = Readable.from(text());

  let header: string[] | undefined;
  let columns: ColumnMap | undefined;
  let validator: RowValidator | undefined;
  let axis: AxisKind = 'rd';
  let bothSystems = false;
  const sample: RawRecord[] = [];
  let decided = false;
  let fatal: unknown;
  let rowsDone = 0;
  let prevCursor = 0;
  let skippedSep = !sepLine;

  const toRecord = (cells: string[], line: number): RawRecord => {
    const idx = columns!.index;
    const get = (f: IncidentField): string | undefined => {
      const i = idx[f];
      if (i === undefined) return undefined;
      const v = cells[i]?.trim();
      return v ? v : undefined;
    };
    return { line, get };
  };

  const decideNow = () => {
    if (!validator || decided) return;
    decided = true;
    if (bothSystems) {
      // Both x/y and lat/lon columns: use the pair that is filled in more often (x/y on a tie).
      const filled = (a: IncidentField, b: IncidentField) => sample.filter((r) => r.get(a) && r.get(b)).length;
      if (filled('lat', 'lon') > filled('x', 'y')) validator.axis = axis = 'wgs';
      validator.note(
        `Het bestand heeft zowel x/y- als lat/lon-kolommen; ${axis === 'rd' ? 'x/y (RD)' : 'lat/lon (WGS84)'} is gebruikt.`,
      );
    }
    const d = validator.decide(sample, false);
    if (d.swap) {
      validator.note(
        axis === 'wgs'
          ? 'In dit bestand waren breedte- en lengtegraad (lat/lon) verwisseld; de coördinaten zijn omgewisseld ingelezen.'
          : 'In dit bestand waren x en y verwisseld; de coördinaten zijn omgewisseld ingelezen.',
      );
    }
    for (const r of sample) validator.add(r);
    sample.length = 0;
  };

  const onRow = (cells: string[], cursor: number) => {
    countTo(prevCursor);
    const line = linesBefore + 1;
    prevCursor = cursor;
    if (!skippedSep) {
      skippedSep = true;
      return;
    }
    if (cells.every((c) => c.trim() === '')) return;
    if (!header) {
      header = cells.map((c) => c.trim());
      columns = mapColumns(header);
      if (Object.keys(columns.index).length === 0) {
        throw new IncidentFileError(
          'NO_HEADER',
          `Geen herkenbare kopregel: regel ${line} ("${truncate(headerLine, 80)}") bevat geen bekende kolomnamen` +
            `${looksLikeData(cells) ? ' en lijkt een gegevensregel' : ''}. ` +
            `Verwacht bijvoorbeeld: id;soort;van;tot;x;y (of registratienummer, delict, begindatum, einddatum, lat, lon).`,
        );
      }
      axis = requireColumns(columns.names, `kolommen: ${header.filter(Boolean).join(', ')}`);
      bothSystems = ['x', 'y', 'lat', 'lon'].every((f) => columns!.index[f as IncidentField] !== undefined);
      validator = new RowValidator(axis, columns.names, options, columns.index.id === undefined);
      return;
    }
    const rec = toRecord(cells, line);
    rowsDone++;
    if (!decided) {
      sample.push(rec);
      if (sample.length >= SAMPLE_ROWS) decideNow();
    } else validator!.add(rec);
    if (rowsDone % progressEvery === 0) options.onProgress?.(rowsDone, src.bytes());
  };

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(stream, {
      delimiter,
      newline,
      quoteChar: '"',
      header: false,
      skipEmptyLines: false,
      step: (results, parser) => {
        if (fatal) return;
        try {
          onRow(results.data, results.meta.cursor);
        } catch (e) {
          fatal = e;
          parser.abort();
        }
      },
      complete: () => {
        if (fatal) reject(fatal);
        else resolve();
      },
      error: (err: Error) => reject(new IncidentFileError('READ_ERROR', `Het bestand kon niet worden gelezen: ${err.message}`)),
    });
  }).finally(() => stream.destroy());

  if (!header || !validator || !columns) throw new IncidentFileError('EMPTY', 'Het bestand is leeg.');
  decideNow();
  if (validator.total === 0) throw new IncidentFileError('EMPTY', 'Het bestand bevat een kopregel maar geen incidenten.');
  options.onProgress?.(rowsDone, src.bytes());
  return validator.result({
    format: 'csv',
    delimiter,
    encoding: src.encoding,
    columns: columns.names,
    ignoredColumns: columns.ignored,
    idsGenerated: columns.index.id === undefined,
  });
}
