// Types for scripts/dependencies.mjs, which test/unit/dependencies.test.ts imports.
export declare const OUTPUT: string;
export declare const ALLOWED_LICENSES: string[];

export interface ProductionPackage {
    name: string;
    version: string;
    license: string;
    /** The direct dependencies (of the root or a workspace) that pull it in. */
    via: Set<string>;
}

export declare function productionTree(lock: unknown): ProductionPackage[];
export declare function render(tree: ProductionPackage[]): string;
export declare function generate(): string;
