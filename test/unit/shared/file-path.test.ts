import { describe, expect, it } from 'vitest';
import { absoluteFilePath, isAbsolutePath } from '../../../shared/api/file-path';

describe('file paths at the boundaries', () => {
  it.each(['/media/usb/case.outpost', 'C:\\Users\\ana\\case.outpost', 'd:/cases/x.outpost', '\\\\server\\share\\x.outpost'])('takes %s', (p) => {
    expect(isAbsolutePath(p)).toBe(true);
    expect(absoluteFilePath.safeParse(p).success).toBe(true);
  });
  it.each(['case.outpost', './case.outpost', '../up/case.outpost', 'C:relative', '~/case.outpost'])('refuses %s, saying why', (p) => {
    const parsed = absoluteFilePath.safeParse(p);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/full path/);
  });
});
