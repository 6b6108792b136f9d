/**
 * `flash-sale/otel`: an OpenTelemetry bridge for flash-sale's diagnostics.
 * {@link instrumentFlashSale} subscribes to the package's
 * `node:diagnostics_channel` channels and records them as metrics through
 * `@opentelemetry/api`, an optional peer dependency (`npm install
 * @opentelemetry/api`) that only this entry needs. Without it, subscribe to the
 * channels yourself: their names and messages are exported by `flash-sale`
 * ({@link index!DIAGNOSTIC_CHANNELS | DIAGNOSTIC_CHANNELS}).
 * @module
 */

export { instrumentFlashSale } from './instrument-flash-sale.js';
export { INSTRUMENT_FLASH_SALE_DEFAULTS } from './instrument-options.js';
export type { InstrumentFlashSaleOptions } from './instrument-options.js';
export { FLASH_SALE_ATTRIBUTES, FLASH_SALE_METRICS } from './metric-names.js';
