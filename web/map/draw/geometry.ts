/** Pure vertex edits for the geometry editor. */

/** Removes one vertex (index i of the open vertex list) from a geometry; null if it would become invalid. */
export function withoutVertex(g: GeoJSON.Polygon | GeoJSON.LineString, i: number): GeoJSON.Polygon | GeoJSON.LineString | null {
  if (g.type === 'LineString') {
    if (g.coordinates.length <= 2) return null;
    return { type: 'LineString', coordinates: g.coordinates.filter((_, j) => j !== i) };
  }
  const open = g.coordinates[0]!.slice(0, -1);
  if (open.length <= 3) return null;
  const rest = open.filter((_, j) => j !== i);
  return { type: 'Polygon', coordinates: [[...rest, rest[0]!]] };
}
