/** Dutch UI text for the near-repeat layers and panels (part of the nl module). */
export const nlNearrepeat = {
  tab: 'Near repeat',
};
