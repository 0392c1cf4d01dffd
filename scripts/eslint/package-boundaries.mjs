/**
 * ESLint rule `nn/package-boundaries`: the workspace packages meet only through their declared
 * entry points.
 *
 * - A file in packages/<p>/ never reaches into another package's files by a relative path
 *   (`../../cli/src/summary.js`): it imports `@nn-lang/<other>`, or one of its `exports` subpaths.
 *   Tests may share another package's test helpers (its `test/` folder), never its sources.
 * - `@nn-lang/<other>/<sub>` must be an entry point that <other>'s package.json exports.
 * - Every package a file in packages/<p>/src imports is declared in packages/<p>/package.json
 *   (node: built-ins and `vscode`, which VS Code provides, excepted); tests may also use the
 *   repository's own (dev) dependencies.
 * - Files outside packages/ (e2e suite, benchmarks, scripts) import packages by name too.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules);
/** Provided by the host at run time, typed by @types/vscode. */
const HOST_PROVIDED = new Set(['vscode']);
const SCOPE = '@nn-lang/';

const manifests = new Map();
function manifest(file) {
    if (!manifests.has(file)) {
        try {
            manifests.set(file, JSON.parse(readFileSync(file, 'utf8')));
        } catch {
            manifests.set(file, undefined);
        }
    }
    return manifests.get(file);
}

const declared = pkg => new Set(Object.keys({ ...pkg?.dependencies, ...pkg?.peerDependencies, ...pkg?.optionalDependencies, ...pkg?.devDependencies }));

/** `@scope/name/sub` → [`@scope/name`, `sub`]; `name/sub` → [`name`, `sub`]. */
function splitSpecifier(specifier) {
    const parts = specifier.split('/');
    const n = specifier.startsWith('@') ? 2 : 1;
    return [parts.slice(0, n).join('/'), parts.slice(n).join('/')];
}

/** The package folder name a path lies in (`packages/<name>/...`), or undefined. */
function packageOf(packagesDir, file) {
    const relative = path.relative(packagesDir, file);
    if (relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    const [name] = relative.split(path.sep);
    return name || undefined;
}

export default {
    meta: {
        type: 'problem',
        docs: { description: 'Workspace packages import each other only by name, through declared entry points and dependencies.' },
        schema: [],
        messages: {
            reachesIn: "'{{specifier}}' reaches into packages/{{other}}: import '@nn-lang/{{other}}' (or one of its exports) instead.",
            ownName: "'{{specifier}}' is this package's own name: import its files relatively.",
            notExported: "'{{specifier}}' is not an entry point of @nn-lang/{{other}} (its exports: {{exports}}).",
            undeclared: "'{{name}}' is imported but not declared in packages/{{pkg}}/package.json."
        }
    },
    create(context) {
        const root = context.cwd;
        const packagesDir = path.join(root, 'packages');
        const file = context.filename;
        const pkg = packageOf(packagesDir, file);
        const inTests = pkg !== undefined && path.relative(path.join(packagesDir, pkg), file).split(path.sep)[0] !== 'src';
        const own = pkg && manifest(path.join(packagesDir, pkg, 'package.json'));
        const allowed = new Set([...declared(own), ...(inTests ? declared(manifest(path.join(root, 'package.json'))) : [])]);

        function check(node, specifier) {
            if (typeof specifier !== 'string') return;
            if (specifier.startsWith('.')) {
                const target = path.resolve(path.dirname(file), specifier);
                const other = packageOf(packagesDir, target);
                const intoTests = path.relative(path.join(packagesDir, other ?? ''), target).split(path.sep)[0] === 'test';
                if (other && other !== pkg && !(inTests && intoTests)) context.report({ node, messageId: 'reachesIn', data: { specifier, other } });
                return;
            }
            if (specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]) || HOST_PROVIDED.has(specifier)) return;
            const [name, sub] = splitSpecifier(specifier);
            if (name.startsWith(SCOPE)) {
                const other = name.slice(SCOPE.length);
                if (other === pkg) {
                    context.report({ node, messageId: 'ownName', data: { specifier } });
                    return;
                }
                const exportsMap = manifest(path.join(packagesDir, other, 'package.json'))?.exports ?? {};
                const entry = sub ? `./${sub}` : '.';
                if (!Object.hasOwn(exportsMap, entry)) {
                    context.report({ node, messageId: 'notExported', data: { specifier, other, exports: Object.keys(exportsMap).join(', ') || 'none' } });
                    return;
                }
            }
            if (pkg !== undefined && own && !allowed.has(name)) context.report({ node, messageId: 'undeclared', data: { name, pkg } });
        }

        const fromSource = node => check(node.source, node.source?.value);
        return {
            ImportDeclaration: fromSource,
            ExportNamedDeclaration: node => node.source && fromSource(node),
            ExportAllDeclaration: fromSource,
            ImportExpression: node => node.source.type === 'Literal' && check(node.source, node.source.value),
            TSImportType: node => {
                const literal = node.argument?.literal ?? node.argument;
                if (literal?.type === 'Literal') check(literal, literal.value);
            }
        };
    }
};
