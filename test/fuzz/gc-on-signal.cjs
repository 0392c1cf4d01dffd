// Loaded into the language server by the fuzz session only (node --expose-gc --require): a full
// collection on SIGUSR2, so that memory is compared after the collector has run rather than
// whenever it last happened to (which moved the server's RSS by ±90 MB over 50 inputs).
process.on('SIGUSR2', () => globalThis.gc?.());
