import { describe, expect, it } from 'vitest';
import { describeDetected } from '../../../web/panels/hotspots/import-report.js';

describe('describeDetected: the import report in Dutch words', () => {
  it('names format, delimiter, encoding and coordinates in Dutch, without code words', () => {
    const s = describeDetected({
      format: 'csv',
      delimiter: ';',
      encoding: 'utf-8',
      crs: 'EPSG:28992',
      axesSwapped: false,
      columns: { id: 'Registratienummer' },
      ignoredColumns: [],
      idsGenerated: false,
      warnings: [],
    });
    expect(s).toBe('CSV-bestand · scheidingsteken puntkomma (;) · tekenset UTF-8 · coördinaten RD New (EPSG:28992)');
    expect(s).not.toMatch(/format|delimiter|axesSwapped|false|true/);
  });

  it('says when axes were swapped, ids generated and columns ignored', () => {
    const s = describeDetected({
      format: 'geojson',
      encoding: 'windows-1252',
      crs: 'EPSG:4326',
      axesSwapped: true,
      idsGenerated: true,
      ignoredColumns: ['opmerking', 'agent'],
    });
    expect(s).toBe(
      'GeoJSON-bestand · tekenset Windows-1252 · coördinaten WGS84 (EPSG:4326) · x en y waren omgewisseld en zijn rechtgezet · id’s aangemaakt uit de inhoud · genegeerde kolommen: opmerking, agent',
    );
  });
});
