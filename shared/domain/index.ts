export * from './errors.ts';
export * from './validation.ts';
export * from './coaching/text.ts';
export * from './coaching/action-step.ts';
export * from './coaching/model.ts';
export * from './coaching/practice.ts';
export * from './coaching/relationship.ts';
export * from './coaching/action-step-draft.ts';
