/** Text of a bundled Lua script, inlined at build time (see build/lua-source.ts). */
declare module '*.lua' {
  const source: string;
  export default source;
}

/** The package version, replaced at build time; it suffixes script command names. */
declare const __FLASH_SALE_VERSION__: string;
