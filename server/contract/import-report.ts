/**
 * The report every file import gives (incidents, districts, registers): rows read, accepted and
 * rejected, and per rejected row its problems with the field they are about (Dutch reasons).
 * The same shape as `ImportReport` in server/ingest/report.ts.
 */
import { z } from 'zod';

export const ReportRowSchema = z.object({
  row: z.number().int().describe('Rij: CSV-regel (kopregel = 1), GeoJSON-featurenummer of GeoPackage-rijnummer'),
  ref: z.string().optional().describe('Waar in het bestand, als het rijnummer niet genoeg zegt'),
  id: z.string().optional().describe('Eigen id van de rij, als bekend'),
  field: z.string().optional().describe('De kolom of eigenschap waar de reden over gaat'),
  reason: z.string().describe('Reden (Nederlands, één zin)'),
});

export const FileImportReportSchema = z.object({
  rows: z.number().int().describe('Gelezen rijen'),
  accepted: z.number().int().describe('Goedgekeurde rijen'),
  rejected: z.array(ReportRowSchema).describe('Afgekeurde rijen, één regel per reden (mogelijk ingekort)'),
  rejectedCount: z.number().int().describe('Afgekeurde rijen in totaal'),
  warnings: z.array(z.string()).describe('Opmerkingen over het bestand als geheel'),
});
export type FileImportReport = z.infer<typeof FileImportReportSchema>;
