/** The answer of GET /api/coverage/parks as the fire-service view reads it. */
export interface PlanShare {
  n: number;
  withPlan: number;
  share: number | null;
}
export interface BedsTotals {
  parks: number;
  beds: number;
  bedsUnknown: number;
}
export interface FireServiceRow {
  parkId: string;
  name: string | null;
  riskClass: string;
  proximity: 'in' | 'nabij';
  compartmentId: string;
  distanceMetres: number;
  plan: string;
  beds: number | null;
  units: number | null;
}
export interface ParkCoverage extends PlanShare {
  buffer: number;
  target: number;
  meetsTarget: boolean | null;
  large: PlanShare;
  small: PlanShare;
  unknownSize: number;
  concept: number;
  byCompartment: { classes: Record<string, { in: number; nabij: number }> };
  fireService: { minRiskClass: string; rows: FireServiceRow[]; totals: BedsTotals & { in: BedsTotals; nabij: BedsTotals } };
}
/** A table row: a fire-service row with its compartment's name. */
export interface BedsRow extends FireServiceRow {
  compartmentName: string | null;
}
