/**
 * The terra-draw modes of the geometry editor (editor.svelte.ts): polygon, line and point drawing
 * with Enter to finish, and the select mode that edits a finished part (drag vertices, midpoints,
 * no keyboard deselect/delete/rotate/scale: the editor handles those keys), in the app's purple.
 */
import { TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode } from 'terra-draw';
import type { TerraDrawMouseEvent, SnappableContext } from 'terra-draw';
import type { GeometryKind } from './coordinates.js';

const COLOR = '#7b2cbf' as const;

type Snapping = { toCustom: (e: TerraDrawMouseEvent, ctx: SnappableContext) => GeoJSON.Position | undefined };

export function editorModes(kind: GeometryKind, snapping: Snapping) {
  const vertexFlags = { draggable: true, midpoints: kind !== 'point', deletable: true, snappable: snapping };
  return [
    new TerraDrawPolygonMode({ snapping, keyEvents: { cancel: null, finish: 'Enter' }, styles: { fillColor: COLOR, fillOpacity: 0.12, outlineColor: COLOR, outlineWidth: 2.5, closingPointColor: '#ffffff', closingPointOutlineColor: COLOR } }),
    new TerraDrawLineStringMode({ snapping, keyEvents: { cancel: null, finish: 'Enter' }, styles: { lineStringColor: COLOR, lineStringWidth: 3 } }),
    new TerraDrawPointMode({ styles: { pointColor: COLOR, pointWidth: 7, pointOutlineColor: '#ffffff', pointOutlineWidth: 2 } }),
    new TerraDrawSelectMode({
      allowManualDeselection: false,
      keyEvents: { deselect: null, delete: null, rotate: null, scale: null },
      flags: {
        polygon: { feature: { coordinates: vertexFlags } },
        linestring: { feature: { coordinates: vertexFlags } },
        point: { feature: { draggable: true } },
      },
      styles: { selectedPolygonColor: COLOR, selectedPolygonOutlineColor: COLOR, selectedLineStringColor: COLOR, selectionPointColor: '#ffffff', selectionPointOutlineColor: COLOR, midPointColor: COLOR, midPointOutlineColor: '#ffffff' },
    }),
  ];
}
