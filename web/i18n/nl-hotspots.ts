/** Dutch UI text for the incidents/hotspots layers and panels (part of the nl module). */
export const nlHotspots = {
  tab: 'Hotspots',
};
