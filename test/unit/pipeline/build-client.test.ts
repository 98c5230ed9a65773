import { describe, expect, it } from 'vitest';
import { internalError } from '../../../src/pipeline/batch/build-client.js';

describe('a batch client that fails', () => {
  it('is an environment error, without the absolute path, when the machine stopped it', () => {
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/home/someone/out/x.pdf'"), { code: 'ENOSPC', syscall: 'write', path: '/home/someone/out/x.pdf' });
    const reported = internalError('clients/acme.yaml', full);
    expect(reported.code).toBe('batch/environment-error');
    expect(reported.message).toContain('no space is left on the disk (ENOSPC)');
    expect(`${reported.message} ${reported.hint}`).not.toContain('/home/someone');
  });

  it('is still a fault of policymark for anything else', () => {
    expect(internalError('clients/acme.yaml', new TypeError('x is undefined')).code).toBe('batch/internal-error');
  });
});
