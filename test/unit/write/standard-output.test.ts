import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatEnvironmentError } from '../../../src/cli/io.js';
import { standardOutputErrorOf } from '../../../src/diagnostics/environment-error.js';
import { guardStandardOutput } from '../../../src/write/standard-output.js';

/** A standard output whose every write fails the way the operating system fails it. */
function failingOutput(code: string): { stream: NodeJS.WriteStream; writes: () => number } {
  let writes = 0;
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      writes += 1;
      callback(Object.assign(new Error(`${code}: failed, write`), { code, errno: -1, syscall: 'write' }));
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, writes: () => writes };
}

describe('the standard output', () => {
  it('a failed write becomes an environment failure once the command is done, and later text is dropped', async () => {
    const { stream, writes } = failingOutput('ENOSPC');
    const guarded = guardStandardOutput(stream);
    guarded.stream.write('first\n');
    // Node reports the failure as an event after the call has returned: without the guard, an unhandled error.
    await new Promise((resolve) => setImmediate(resolve));
    expect(guarded.stream.write('second\n')).toBe(false);
    const failure = await guarded.finish();
    expect(writes()).toBe(1);
    expect(failure?.code).toBe('ENOSPC');
    expect(formatEnvironmentError(failure!, '/home/someone/project')).toBe(
      'policymark could not write the standard output: no space is left on the disk (ENOSPC).\n' +
        '  hint: Free some disk space where the output is redirected, or redirect it to another disk, and run the command again.\n',
    );
  });

  it('a closed pipe (EPIPE, as after `| head`) is the reader leaving, not a fault to report', async () => {
    const guarded = guardStandardOutput(failingOutput('EPIPE').stream);
    guarded.stream.write('text\n');
    expect(await guarded.finish()).toBeUndefined();
  });

  it('a healthy output reports nothing, after every byte is through', async () => {
    let written = '';
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        setTimeout(() => {
          written += chunk.toString();
          callback();
        }, 5);
      },
    });
    const guarded = guardStandardOutput(stream as unknown as NodeJS.WriteStream);
    guarded.stream.write('one\n');
    guarded.stream.write('two\n');
    expect(await guarded.finish()).toBeUndefined();
    expect(written).toBe('one\ntwo\n');
  });

  it('names the file the output was redirected to, shown as typed when it lies outside the working folder', () => {
    const enospc = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write' });
    expect(formatEnvironmentError(standardOutputErrorOf(enospc, '/dev/full')!, '/home/someone/project')).toMatch(
      /^policymark could not write the standard output to \/dev\/full: no space is left on the disk \(ENOSPC\)\.\n/,
    );
    expect(formatEnvironmentError(standardOutputErrorOf(enospc, '/home/someone/project/report.json')!, '/home/someone/project')).toMatch(
      /^policymark could not write the standard output to report\.json: /,
    );
    const eio = Object.assign(new Error('EIO'), { code: 'EIO', syscall: 'write' });
    expect(formatEnvironmentError(standardOutputErrorOf(eio, undefined)!, '/')).toBe(
      'policymark could not write the standard output: the disk reported an input/output error (EIO).\n' +
        '  hint: Redirect the output to a file or program that accepts it, and run the command again.\n',
    );
  });
});
