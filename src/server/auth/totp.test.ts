import { describe, expect, it } from 'vitest';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, totpCode } from './totp';

// RFC 6238 appendix B: SHA-1 secret "12345678901234567890"; at T=59 s the 8-digit code is 94287082,
// so the 6-digit code is 287082; at T=1111111109 s it is 07081804 → 081804.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
  });

  it('accepts one step of clock drift either way and reports the step matched', () => {
    const at = new Date(1_111_111_109_000); // step 37037036
    expect(matchTotp(RFC_SECRET, '081804', at)).toBe(37_037_036);
    expect(matchTotp(RFC_SECRET, '081804', new Date(at.getTime() + 30_000))).toBe(37_037_036);
    expect(matchTotp(RFC_SECRET, '081804', new Date(at.getTime() - 30_000))).toBe(37_037_036);
    expect(matchTotp(RFC_SECRET, '081804', new Date(at.getTime() + 90_000))).toBeNull();
    expect(matchTotp(RFC_SECRET, '000000', at)).toBeNull();
  });

  it('makes ten distinct recovery codes and hashes them case-insensitively', () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase())).toBe(hashes[0]);
  });
});
