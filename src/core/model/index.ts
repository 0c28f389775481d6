export * from './common.js';
export * from './order.js';
export * from './stock.js';
export * from './quote.js';
export * from './event.js';
