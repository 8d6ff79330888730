// Optional: adapters add the capacity they consume so benchmarks can print RCU/WCU per household.
export interface CapacityMeter {
  readUnits: number;
  writeUnits: number;
  requests: number;
}

export function capacityMeter(): CapacityMeter {
  return { readUnits: 0, writeUnits: 0, requests: 0 };
}
