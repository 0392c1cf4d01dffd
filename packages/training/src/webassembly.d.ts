/**
 * The part of the WebAssembly JS API the trainer's kernels use. TypeScript declares it only in
 * its DOM and worker libraries; this package is compiled for Node and browsers alike without
 * either, so it states what it relies on here (the webview, compiled with DOM, has its own).
 */
declare namespace WebAssembly {
    interface MemoryDescriptor {
        initial: number;
        maximum?: number;
        shared?: boolean;
    }
    class Memory {
        constructor(descriptor: MemoryDescriptor);
        readonly buffer: ArrayBuffer | SharedArrayBuffer;
        grow(delta: number): number;
    }
    class Module {
        constructor(bytes: BufferSource);
    }
    class Instance {
        constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
        readonly exports: Record<string, unknown>;
    }
    function validate(bytes: BufferSource): boolean;
    function compile(bytes: BufferSource): Promise<Module>;
}
