/** The lint rule that keeps packages apart: run on snippets placed in the real packages (their real package.json files). */
import { RuleTester } from 'eslint';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import rule from '../../scripts/eslint/package-boundaries.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const at = (file: string) => path.join(root, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });

tester.run('nn/package-boundaries', rule, {
    valid: [
        { filename: at('packages/extension/src/x.ts'), code: "import { formatSummary } from '@nn-lang/language';" },
        { filename: at('packages/extension/src/x.ts'), code: "import { writeRunFolder } from '@nn-lang/training/runs';" },
        { filename: at('packages/extension/src/training/x.ts'), code: "import { panelOptions } from './panel.js'; import * as vscode from 'vscode'; import { mkdir } from 'node:fs/promises'; import path from 'path';" },
        { filename: at('packages/webview/src/x.ts'), code: "import type { StartEvent } from '@nn-lang/training/train'; import uPlot from 'uplot';" },
        // Tests may use the repository's development tools.
        { filename: at('packages/cli/test/x.test.ts'), code: "import { it } from 'vitest'; import { build } from '../../../scripts/build.mjs';" },
        { filename: at('bench/x.ts'), code: "import { createNnServices } from '@nn-lang/language';" },
        // Test helpers may be shared between packages' tests.
        { filename: at('packages/interop/test/x.test.ts'), code: "import { generateValidModel } from '../../language/test/gen/models.js';" }
    ],
    invalid: [
        { filename: at('packages/extension/src/server-requests.ts'), code: "import { formatSummary } from '../../cli/src/summary.js';", errors: [{ messageId: 'reachesIn' }] },
        { filename: at('packages/training/test/x.ts'), code: "import type { ModelDescription } from '../../language/src/index.js';", errors: [{ messageId: 'reachesIn' }] },
        { filename: at('packages/interop/src/x.ts'), code: "import { generateValidModel } from '../../language/test/gen/models.js';", errors: [{ messageId: 'reachesIn' }] },
        { filename: at('bench/x.ts'), code: "export { createNnServices } from '../packages/language/src/nn-module.js';", errors: [{ messageId: 'reachesIn' }] },
        { filename: at('packages/cli/src/x.ts'), code: "const m = await import('../../training/src/index.js');", errors: [{ messageId: 'reachesIn' }] },
        { filename: at('packages/extension/src/x.ts'), code: "import { formatSummary } from '@nn-lang/cli/src/summary.js';", errors: [{ messageId: 'notExported' }] },
        // The language package depends on nothing of ours; the CLI does not declare the webview.
        { filename: at('packages/language/src/x.ts'), code: "import type { DataPayload } from '@nn-lang/webview';", errors: [{ messageId: 'undeclared' }] },
        { filename: at('packages/cli/src/x.ts'), code: "export * from '@nn-lang/webview';", errors: [{ messageId: 'undeclared' }] },
        { filename: at('packages/language/src/x.ts'), code: "import { describe } from 'vitest';", errors: [{ messageId: 'undeclared' }] },
        { filename: at('packages/language/src/x.ts'), code: "import { x } from '@nn-lang/language';", errors: [{ messageId: 'ownName' }] }
    ]
});
