/** The PostgreSQL order sink example: schema and sink. */
export { createOrderTables, DEFAULT_TABLES, type OrderTables } from './schema.js';
export { createPostgresSink, type PostgresSinkOptions } from './postgres-sink.js';
