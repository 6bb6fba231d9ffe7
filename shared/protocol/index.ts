export * from './version.ts';
export * from './topics.ts';
export * from './messages.ts';
export * from './validate.ts';
export * from './topic-states.ts';
