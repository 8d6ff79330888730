// Cases (spec §8): lifecycle (open, escalate, acknowledge, resolve) and detection (what should be open now).
export * from './detection';
export * from './household-sweep';
export * from './lifecycle';
