/**
 * The map's geometry editor: one editing session at a time, on top of terra-draw with its
 * MapLibre adapter. The map part (EditorLayer.svelte, inside MapView) attaches the map; anything
 * else (the hot-times panel, later the register forms) uses this API:
 *
 *   const geom = await geometryEditor.start('polygon' | 'point' | 'linestring', initial?, { multi? });
 *   // resolves with a WGS84 GeoJSON geometry on finish(), null on cancel() (or when another
 *   // session starts). `multi` lets a polygon session return several parts as a MultiPolygon.
 *   geometryEditor.active / .kind / .phase ('drawing' | 'editing') / .vertexCount / .geometry
 *   geometryEditor.finish() / cancel() / setPhase() / setGeometry(g) / addPoint([lon, lat]) /
 *   addCenter() / deleteVertex()
 *
 * Drawing: click vertices on the map (terra-draw's polygon, point and linestring modes, snapping
 * to district border vertices within SNAP_PX pixels); a finished part switches to editing (select
 * mode: drag vertices, drag midpoints to add one). Keyboard: Enter (outside a control) finishes
 * the session, Escape cancels, Delete removes the vertex last clicked (else the last vertex);
 * addCenter() adds the map centre as a vertex; setGeometry() takes typed coordinates
 * (CoordinateInput) or chosen districts (DistrictPicker).
 */
import type { Map as MlMap, MapMouseEvent } from 'maplibre-gl';
import { TerraDraw } from 'terra-draw';
import type { GeoJSONStoreFeatures, TerraDrawMouseEvent, SnappableContext } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import { kinks } from '@turf/turf';
import type { EditorGeometry, GeometryKind } from './coordinates.js';
import { nearestVertex } from './districts.js';
import { withoutVertex } from './geometry.js';
import { editorModes } from './modes.js';

export type { EditorGeometry, GeometryKind } from './coordinates.js';
export const SNAP_PX = 10;

type Pos = [number, number];

/** terra-draw refuses coordinates with more than 9 decimals (proj4 and the map give ~15): round to 1e-8° (about 1 mm). */
const r8 = (v: number) => Math.round(v * 1e8) / 1e8;
function rounded<G extends GeoJSON.Geometry>(g: G): G {
  const walk = (c: unknown): unknown => (typeof c === 'number' ? r8(c) : Array.isArray(c) ? c.map(walk) : c);
  return { ...g, coordinates: walk((g as unknown as { coordinates: unknown }).coordinates) } as G;
}
type Session = { kind: GeometryKind; multi: boolean; resolve: (g: EditorGeometry | null) => void };

class GeometryEditor {
  active = $state(false);
  kind = $state<GeometryKind>('polygon');
  phase = $state<'drawing' | 'editing'>('drawing');
  /** Vertices of the geometry so far (keyboard points included). */
  vertexCount = $state(0);
  /** The current geometry (null while nothing complete is drawn), live during the session. */
  geometry = $state.raw<EditorGeometry | null>(null);
  /** A Dutch message for the last refused action (e.g. deleting the third vertex of a polygon). */
  message = $state<string | null>(null);

  #map: MlMap | null = null;
  #snap: () => Float64Array = () => new Float64Array();
  #draw: TerraDraw | null = null;
  #session: Session | null = null;
  #kbPoints: Pos[] = [];
  #previewId: string | number | null = null;
  #lastPointer: Pos | null = null;

  /** Called by the map part: the map to draw on and the border vertices to snap to. */
  attach(map: MlMap, snapVertices: () => Float64Array): () => void {
    this.#map = map;
    this.#snap = snapVertices;
    const onDown = (e: MapMouseEvent) => (this.#lastPointer = [e.lngLat.lng, e.lngLat.lat]);
    const onKey = (e: KeyboardEvent) => this.#onKey(e);
    map.on('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      this.cancel();
      map.off('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
      this.#map = null;
    };
  }

  get attached(): boolean {
    return this.#map !== null;
  }

  /** Starts a session (ending any other with null); resolves with the geometry on finish, null on cancel. */
  start(kind: GeometryKind, initial?: EditorGeometry | null, opts: { multi?: boolean } = {}): Promise<EditorGeometry | null> {
    this.#end(null);
    const map = this.#map;
    if (!map) return Promise.reject(new Error('Geen kaart om op te tekenen'));
    return new Promise((resolve) => {
      this.#session = { kind, multi: opts.multi ?? false, resolve };
      this.kind = kind;
      this.active = true;
      this.message = null;
      this.#kbPoints = [];
      this.#previewId = null;
      this.#lastPointer = null;
      const draw = this.#create(map, kind);
      this.#draw = draw;
      map.doubleClickZoom.disable();
      draw.on('ready', () => {
        if (this.#draw !== draw) return;
        if (initial) this.setGeometry(initial);
        else this.setPhase('drawing');
      });
      draw.start();
    });
  }

  #create(map: MlMap, kind: GeometryKind): TerraDraw {
    const snapping = { toCustom: (e: TerraDrawMouseEvent, ctx: SnappableContext) => this.#snapTo(e, ctx) };
    const draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'vk-draw' }),
      modes: editorModes(kind, snapping),
    });
    draw.on('finish', (id, ctx) => {
      if (this.#draw !== draw || ctx.action !== 'draw') {
        this.#refresh();
        return;
      }
      // One part unless `multi`: a newly drawn part replaces the earlier ones.
      if (!this.#session?.multi) {
        const others = this.#features().filter((f) => f.id !== id).map((f) => f.id!);
        if (others.length) draw.removeFeatures(others);
      }
      this.#kbPoints = [];
      this.#clearPreview();
      this.setPhase('editing', id);
    });
    draw.on('change', () => {
      if (this.#draw === draw) this.#refresh();
    });
    return draw;
  }

  /** Snaps the pointer to the nearest district border vertex within SNAP_PX pixels. */
  #snapTo(e: TerraDrawMouseEvent, ctx: SnappableContext): GeoJSON.Position | undefined {
    const vertices = this.#snap();
    if (vertices.length === 0) return undefined;
    const a = ctx.unproject(e.containerX - SNAP_PX, e.containerY + SNAP_PX);
    const b = ctx.unproject(e.containerX + SNAP_PX, e.containerY - SNAP_PX);
    const box = { minLon: Math.min(a.lng, b.lng), maxLon: Math.max(a.lng, b.lng), minLat: Math.min(a.lat, b.lat), maxLat: Math.max(a.lat, b.lat) };
    return nearestVertex(vertices, { x: e.containerX, y: e.containerY }, SNAP_PX, ctx.project, box);
  }

  /** The parts of the session's kind in the store (no guidance points). */
  #features(): GeoJSONStoreFeatures[] {
    const kind = this.#session?.kind;
    if (!this.#draw || !kind) return [];
    return this.#draw.getSnapshot().filter((f) => f.properties.mode === kind && !f.properties.currentlyDrawing && f.id !== this.#previewId);
  }

  #collect(): EditorGeometry | null {
    const kind = this.#session?.kind;
    const parts = this.#features().map((f) => f.geometry);
    if (!kind || parts.length === 0) return null;
    if (kind === 'polygon') {
      const polys = parts.filter((g): g is GeoJSON.Polygon => g.type === 'Polygon');
      if (polys.length === 1) return polys[0]!;
      return { type: 'MultiPolygon', coordinates: polys.map((p) => p.coordinates) };
    }
    return parts[parts.length - 1] as EditorGeometry;
  }

  #refresh(): void {
    const g = this.#collect();
    this.geometry = g;
    if (this.#kbPoints.length && !g) this.vertexCount = this.#kbPoints.length;
    else if (!g) this.vertexCount = 0;
    else if (g.type === 'Point') this.vertexCount = 1;
    else if (g.type === 'LineString') this.vertexCount = g.coordinates.length;
    else if (g.type === 'Polygon') this.vertexCount = g.coordinates[0]!.length - 1;
    else this.vertexCount = g.coordinates.reduce((n, p) => n + p[0]!.length - 1, 0);
  }

  /** Drawing (click new vertices/parts) or editing (drag the vertices of a part). */
  setPhase(phase: 'drawing' | 'editing', id?: string | number): void {
    const draw = this.#draw;
    if (!draw || !this.#session) return;
    if (phase === 'editing') {
      const target = id ?? this.#features().at(-1)?.id;
      if (target === undefined) return;
      if (draw.getMode() !== 'select') draw.setMode('select');
      draw.selectFeature(target);
    } else {
      draw.setMode(this.#session.kind);
    }
    this.phase = phase;
    this.#refresh();
  }

  /** Replaces the geometry (typed coordinates, chosen districts, an initial geometry) and edits it. */
  setGeometry(g: EditorGeometry): boolean {
    const draw = this.#draw;
    const s = this.#session;
    if (!draw || !s) return false;
    const want = s.kind === 'polygon' ? ['Polygon', 'MultiPolygon'] : s.kind === 'point' ? ['Point'] : ['LineString'];
    if (!want.includes(g.type)) {
      this.message = 'Deze vorm past niet bij wat u tekent';
      return false;
    }
    if (g.type === 'MultiPolygon' && !s.multi) {
      this.message = 'Kies gebieden die aan elkaar grenzen: hier past één aaneengesloten vlak';
      return false;
    }
    const parts: GeoJSON.Geometry[] = g.type === 'MultiPolygon' ? g.coordinates.map((c) => rounded({ type: 'Polygon', coordinates: c })) : [rounded(g)];
    if (draw.getMode() === 'select') draw.setMode(s.kind);
    draw.clear();
    this.#kbPoints = [];
    this.#previewId = null;
    const result = draw.addFeatures(parts.map((geometry) => ({ type: 'Feature', geometry, properties: { mode: s.kind } }) as GeoJSONStoreFeatures));
    const bad = result.find((r) => !r.valid);
    if (bad) {
      this.message = 'Deze vorm kan niet getekend worden' + (bad.reason ? ` (${bad.reason})` : '');
      draw.clear();
      this.#refresh();
      return false;
    }
    this.message = null;
    this.setPhase('editing', result[0]!.id);
    return true;
  }

  #clearPreview(): void {
    if (this.#previewId !== null && this.#draw?.hasFeature(this.#previewId)) this.#draw.removeFeatures([this.#previewId]);
    this.#previewId = null;
  }

  /** Adds a vertex (the keyboard way): extends the current part, else builds one from the added points. */
  addPoint(at: Pos): void {
    const p: Pos = [r8(at[0]), r8(at[1])];
    const draw = this.#draw;
    const s = this.#session;
    if (!draw || !s) return;
    const f = this.#features().at(-1);
    if (f && this.#kbPoints.length === 0) {
      const g = f.geometry;
      const next: GeoJSON.Geometry =
        g.type === 'Polygon'
          ? { type: 'Polygon', coordinates: [[...g.coordinates[0]!.slice(0, -1), p, g.coordinates[0]![0]!]] }
          : g.type === 'LineString'
            ? { type: 'LineString', coordinates: [...g.coordinates, p] }
            : { type: 'Point', coordinates: p };
      this.#replace(f.id!, next);
      return;
    }
    this.#kbPoints = [...this.#kbPoints, p];
    const pts = this.#kbPoints;
    this.#clearPreview();
    if (draw.getMode() === 'select') {
      draw.setMode(s.kind);
      this.phase = 'drawing';
    }
    let feature: GeoJSONStoreFeatures;
    let preview = true;
    if (s.kind === 'point' || pts.length === 1) {
      feature = { type: 'Feature', geometry: { type: 'Point', coordinates: pts[0]! }, properties: { mode: 'point' } } as GeoJSONStoreFeatures;
      preview = s.kind !== 'point';
      if (!preview) this.#kbPoints = [];
    } else if (s.kind === 'linestring' || pts.length === 2) {
      feature = { type: 'Feature', geometry: { type: 'LineString', coordinates: pts }, properties: { mode: 'linestring' } } as GeoJSONStoreFeatures;
      preview = s.kind !== 'linestring';
      if (!preview) this.#kbPoints = [];
    } else {
      feature = { type: 'Feature', geometry: { type: 'Polygon', coordinates: [[...pts, pts[0]!]] }, properties: { mode: 'polygon' } } as GeoJSONStoreFeatures;
      preview = false;
      this.#kbPoints = [];
    }
    if (!preview && !s.multi) {
      const ids = this.#features().map((x) => x.id!);
      if (ids.length) draw.removeFeatures(ids);
    }
    const [r] = draw.addFeatures([feature]);
    if (!r?.valid) {
      this.message = 'Dit punt maakt de vorm ongeldig' + (r?.reason ? ` (${r.reason})` : '');
      this.#kbPoints = pts.slice(0, -1);
    } else if (preview) this.#previewId = r.id!;
    this.#refresh();
  }

  /** Adds the map centre as a vertex (pan the map with the arrow keys first). */
  addCenter(): void {
    const c = this.#map?.getCenter();
    if (c) this.addPoint([c.lng, c.lat]);
  }

  #replace(id: string | number, g: GeoJSON.Geometry): boolean {
    const draw = this.#draw!;
    if (g.type === 'Polygon' && kinks(g as GeoJSON.Polygon).features.length > 0) {
      this.message = 'De rand van het vlak zou zichzelf snijden';
      return false;
    }
    const selected = draw.getMode() === 'select';
    if (selected) draw.deselectFeature(id);
    draw.updateFeatureGeometry(id, g as GeoJSON.Polygon);
    if (selected) draw.selectFeature(id);
    this.message = null;
    this.#refresh();
    return true;
  }

  /** Deletes the vertex last pressed on the map (within 20 px), else the last vertex. */
  deleteVertex(): boolean {
    const draw = this.#draw;
    if (!draw || !this.#session) return false;
    if (this.#kbPoints.length) {
      this.#kbPoints = this.#kbPoints.slice(0, -1);
      const last = this.#kbPoints;
      this.#kbPoints = [];
      this.#clearPreview();
      for (const p of last) this.addPoint(p);
      this.#refresh();
      return true;
    }
    const parts = this.#features();
    const f = parts.find((x) => x.properties.selected) ?? parts.at(-1);
    if (!f || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'LineString')) return false;
    const g = f.geometry as GeoJSON.Polygon | GeoJSON.LineString;
    const verts = (g.type === 'Polygon' ? g.coordinates[0]!.slice(0, -1) : g.coordinates) as Pos[];
    let idx = verts.length - 1;
    const lp = this.#lastPointer;
    if (lp && this.#map) {
      const q = this.#map.project(lp);
      let best = 20 * 20;
      verts.forEach((v, i) => {
        const pv = this.#map!.project(v);
        const d = (pv.x - q.x) ** 2 + (pv.y - q.y) ** 2;
        if (d <= best) {
          best = d;
          idx = i;
        }
      });
    }
    const next = withoutVertex(g, idx);
    if (!next) {
      this.message = g.type === 'Polygon' ? 'Een vlak heeft minstens 3 punten nodig' : 'Een lijn heeft minstens 2 punten nodig';
      return false;
    }
    this.#lastPointer = null;
    return this.#replace(f.id!, next);
  }

  /** Ends the session with the geometry drawn (finishing a part in progress first); false if there is none. */
  finish(): boolean {
    const draw = this.#draw;
    if (!draw || !this.#session) return false;
    if (draw.getModeState() === 'drawing') {
      // Let terra-draw close the part being drawn (its finish key), then collect.
      this.#map?.getCanvas().dispatchEvent(new KeyboardEvent('keyup', { key: 'Enter' }));
    }
    const g = this.#collect();
    if (!g) {
      this.message = this.#session.kind === 'polygon' ? 'Een vlak heeft minstens 3 punten nodig' : this.#session.kind === 'linestring' ? 'Een lijn heeft minstens 2 punten nodig' : 'Zet eerst een punt';
      return false;
    }
    this.#end(g);
    return true;
  }

  cancel(): void {
    this.#end(null);
  }

  #end(result: EditorGeometry | null): void {
    const s = this.#session;
    this.#session = null;
    const draw = this.#draw;
    this.#draw = null;
    if (draw) {
      try {
        draw.stop();
      } catch {
        /* the map may be gone already */
      }
    }
    this.#map?.doubleClickZoom.enable();
    this.active = false;
    this.phase = 'drawing';
    this.vertexCount = 0;
    this.geometry = null;
    this.#kbPoints = [];
    this.#previewId = null;
    s?.resolve(result);
  }

  #onKey(e: KeyboardEvent): void {
    if (!this.active) return;
    // Keys on a control are that control's (Enter on "add the map centre" is not "finish").
    const onControl = e.target instanceof Element && e.target.closest('button, input, select, textarea, a, [role="listbox"]');
    if (e.key === 'Escape') this.cancel();
    else if (e.key === 'Enter' && !onControl) this.finish();
    else if ((e.key === 'Delete' || e.key === 'Backspace') && !onControl) this.deleteVertex();
  }
}

export const geometryEditor = new GeometryEditor();
