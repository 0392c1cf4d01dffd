// Throwaway VS Code profiles and workspaces shared by both launchers (code-server, Electron).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * User settings of every test profile: no gallery, update or telemetry traffic (there is no
 * network), and no chat/AI or welcome UI competing with the extension under test for 2 cores.
 */
export const DEFAULT_SETTINGS = {
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'workbench.startupEditor': 'none',
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * A fresh profile: user data, extensions and XDG dirs under one temp dir, so runs never see
 * each other's state or the developer's own code-server config. `settings` are merged over
 * DEFAULT_SETTINGS into the user settings.json. A persistent `baseDir` (npm start) keeps the
 * user's own settings.json when `keepSettings` is set.
 */
export function createProfile({ baseDir, settings = {}, keepSettings = false } = {}) {
    const dir = baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nn-e2e-'));
    const profile = {
        dir,
        userDataDir: path.join(dir, 'user-data'),
        extensionsDir: path.join(dir, 'extensions'),
        xdgConfig: path.join(dir, 'xdg-config'),
        xdgData: path.join(dir, 'xdg-data'),
        xdgCache: path.join(dir, 'xdg-cache'),
        xdgState: path.join(dir, 'xdg-state'),
    };
    for (const [key, value] of Object.entries(profile)) {
        if (key !== 'dir') fs.mkdirSync(value, { recursive: true });
    }
    fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
    const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
    if (!(keepSettings && fs.existsSync(settingsFile))) {
        fs.writeFileSync(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, ...settings }, null, 4));
    }
    return profile;
}

/** Broken and minimal `.nn` files the suites check against; not examples a user should see. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'e2e', 'fixtures');

/**
 * A copy of the workspace, so tests may edit files freely; never without a .nn file. The e2e
 * fixtures go into its `fixtures/` folder (models are file-local, so they cannot clash) unless
 * `fixtures: false`.
 */
export function prepareWorkspace(source, target, { fixtures = true } = {}) {
    fs.mkdirSync(target, { recursive: true });
    // Not the runs a CLI test or `npm start` left in examples/ (.nn-runs is git-ignored).
    if (fs.existsSync(source)) fs.cpSync(source, target, { recursive: true, filter: (from) => path.basename(from) !== '.nn-runs' });
    if (fixtures && fs.existsSync(FIXTURES_DIR)) fs.cpSync(FIXTURES_DIR, path.join(target, 'fixtures'), { recursive: true });
    const hasNn = fs.readdirSync(target, { recursive: true }).some((name) => String(name).endsWith('.nn'));
    if (!hasNn) {
        fs.writeFileSync(path.join(target, 'smoke.nn'), 'model Smoke {\n    input [4]\n    Dense(2, activation=softmax)\n}\n');
    }
    return target;
}

/**
 * VS Code only runs extensionTestsPath when an extensionDevelopmentPath is given. To test an
 * installed .vsix, the development extension is this empty host, so the nn-lang that loads is
 * the one from the extensions dir.
 */
export function writeTestHostExtension(dir) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
        name: 'nn-lang-e2e-host',
        displayName: 'nn-lang e2e test host (runs the suite against the installed .vsix)',
        publisher: 'nn-lang',
        version: '0.0.0',
        engines: { vscode: '*' },
    }, null, 2));
    return dir;
}
