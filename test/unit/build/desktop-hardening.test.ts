import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { permissionAllowed } from '../../../electron/shell/permissions';

describe('the packaged desktop app', () => {
  it('flips the Electron fuses that would let the binary run other code with its identity', async () => {
    // Parsed with the YAML reader electron-builder itself uses for this file.
    const config = yaml.load(await readFile('build/electron-builder.yml', 'utf8')) as { asar?: unknown; electronFuses?: Record<string, unknown> };
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('grants its pages only clipboard writes, and only to its own origin', () => {
    expect(permissionAllowed('clipboard-sanitized-write', 'app://outpost')).toBe(true);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://outpost/index.html')).toBe(true);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'usb']) {
      expect(permissionAllowed(permission, 'app://outpost')).toBe(false);
    }
    expect(permissionAllowed('clipboard-sanitized-write', 'https://example.org')).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', 'app://outpost.evil')).toBe(false);
    expect(permissionAllowed('clipboard-sanitized-write', '')).toBe(false);
  });
});
