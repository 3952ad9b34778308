#!/usr/bin/env python3
"""Generate tests/guest/aarch64/test-fp-vectors.h, the expected values of test-fp.c.

An independent model of Arm scalar floating point with FPCR.AH = 0, written from
the Arm ARM pseudocode (FPRound, FPUnpack, FPProcessNaNs, FPMulAdd, FPMaxNum,
FPCompare, FPToFixed, FixedToFP, FPConvert, FPRoundInt) with exact rational
arithmetic: every result is rounded once from the exact value, so nothing here
shares code or shortcuts with the emulator's soft-float.

    python3 tests/guest/aarch64/gen-fp-vectors.py > tests/guest/aarch64/test-fp-vectors.h
"""
import math
import struct
from fractions import Fraction as F

FMT = {'h': (5, 10), 's': (8, 23), 'd': (11, 52)}
IOC, DZC, OFC, UFC, IXC, IDC = 1, 2, 4, 8, 16, 0x80

class V:
    """Unpacked: kind in zero/num/inf/qnan/snan, sign, value (Fraction magnitude), bits."""
    def __init__(s, kind, sign, val=F(0), bits=0):
        s.kind, s.sign, s.val, s.bits = kind, sign, val, bits

def unpack(bits, f, fz=False, ahp=False):
    e, m = FMT[f]
    bias = (1 << (e - 1)) - 1
    sign = (bits >> (e + m)) & 1
    ex = (bits >> m) & ((1 << e) - 1)
    fr = bits & ((1 << m) - 1)
    if ex == (1 << e) - 1 and not (f == 'h' and ahp):
        if fr == 0:
            return V('inf', sign, bits=bits), 0
        return V('qnan' if fr >> (m - 1) else 'snan', sign, bits=bits), 0
    if ex == 0:
        if fr == 0:
            return V('zero', sign, bits=bits), 0
        if fz:
            return V('zero', sign, bits=bits), IDC
        return V('num', sign, F(fr, 1 << m) * F(2) ** (1 - bias), bits), 0
    return V('num', sign, (1 + F(fr, 1 << m)) * F(2) ** (ex - bias), bits), 0

def default_nan(f):
    e, m = FMT[f]
    return (((1 << e) - 1) << m) | (1 << (m - 1))

def quiet(bits, f):
    e, m = FMT[f]
    return bits | (1 << (m - 1))

def inf_bits(f, sign):
    e, m = FMT[f]
    return (sign << (e + m)) | (((1 << e) - 1) << m)

def floor_log2(x):
    e = x.numerator.bit_length() - x.denominator.bit_length()
    while F(2) ** e > x: e -= 1
    while F(2) ** (e + 1) <= x: e += 1
    return e

def round_int(x, mode, sign):
    """x >= 0 Fraction -> integer per mode (sign = sign of the real value)."""
    n = math.floor(x)
    rem = x - n
    if rem == 0: return n, False
    if mode == 'N':
        if rem > F(1, 2) or (rem == F(1, 2) and n % 2): n += 1
    elif mode == 'A':
        if rem >= F(1, 2): n += 1
    elif mode == 'P':
        if not sign: n += 1
    elif mode == 'M':
        if sign: n += 1
    return n, True

def pack(sign, x, f, mode='N', fz=False):
    """Round the real (-1)^sign * x (x >= 0 Fraction) to format f. Returns bits, flags."""
    e, m = FMT[f]
    bias = (1 << (e - 1)) - 1
    emin, emax = 1 - bias, bias
    sbit = sign << (e + m)
    if x == 0:
        return sbit, 0
    ex = floor_log2(x)
    tiny = ex < emin
    if tiny and fz:
        return sbit, UFC
    q = max(ex, emin) - m
    n, inexact = round_int(x / F(2) ** q, mode, sign)
    if n >= (1 << (m + 1)):
        n >>= 1; q += 1
    val = n * F(2) ** q
    if val >= F(2) ** (emax + 1):
        to_inf = mode in 'NA' or (mode == 'P' and not sign) or (mode == 'M' and sign)
        return (inf_bits(f, sign) if to_inf else inf_bits(f, sign) - 1), OFC | IXC
    flags = (IXC if inexact else 0) | (UFC if tiny and inexact else 0)
    if n >= (1 << m):
        return sbit | ((q + m + bias) << m) | (n - (1 << m)), flags
    return sbit | n, flags

def nan2(a, b, f, dn):
    flags = IOC if 'snan' in (a.kind, b.kind) else 0
    if dn: return default_nan(f), flags
    for v in (a, b):
        if v.kind == 'snan': return quiet(v.bits, f), flags
    for v in (a, b):
        if v.kind == 'qnan': return v.bits, flags
    raise AssertionError

def isnan(v): return v.kind in ('qnan', 'snan')

def real(v):
    return -v.val if v.sign else v.val

class Ctx:
    def __init__(s, mode='N', fz=False, dn=False, ahp=False):
        s.mode, s.fz, s.dn, s.ahp = mode, fz, dn, ahp

def arith(op, ab, bb, f, c=Ctx()):
    a, fa = unpack(ab, f, c.fz); b, fb = unpack(bb, f, c.fz)
    fl = fa | fb
    if isnan(a) or isnan(b):
        r, x = nan2(a, b, f, c.dn); return r, fl | x
    dn = default_nan(f)
    if op in ('add', 'sub'):
        bs = b.sign ^ (op == 'sub')
        if a.kind == 'inf' and b.kind == 'inf':
            if a.sign != bs: return dn, fl | IOC
            return inf_bits(f, a.sign), fl
        if a.kind == 'inf': return inf_bits(f, a.sign), fl
        if b.kind == 'inf': return inf_bits(f, bs), fl
        r = real(a) + (-b.val if bs else b.val)
        if r == 0:
            if a.kind == 'zero' and b.kind == 'zero' and a.sign == bs: s = a.sign
            else: s = 1 if c.mode == 'M' else 0
            return pack(s, F(0), f)[0], fl
        bits, x = pack(r < 0, abs(r), f, c.mode, c.fz); return bits, fl | x
    if op == 'mul':
        s = a.sign ^ b.sign
        if (a.kind == 'inf' and b.kind == 'zero') or (a.kind == 'zero' and b.kind == 'inf'):
            return dn, fl | IOC
        if 'inf' in (a.kind, b.kind): return inf_bits(f, s), fl
        bits, x = pack(s, a.val * b.val, f, c.mode, c.fz); return bits, fl | x
    if op == 'div':
        s = a.sign ^ b.sign
        if (a.kind == b.kind == 'inf') or (a.kind == b.kind == 'zero'): return dn, fl | IOC
        if a.kind == 'inf' or b.kind == 'zero':
            return inf_bits(f, s), fl | (DZC if b.kind == 'zero' and a.kind != 'inf' else 0)
        if b.kind == 'inf' or a.kind == 'zero': return pack(s, F(0), f)[0], fl
        bits, x = pack(s, a.val / b.val, f, c.mode, c.fz); return bits, fl | x
    raise ValueError(op)

def fma(nb, mb, ab, f, c=Ctx()):
    """n * m + a, single rounding (Arm FPMulAdd(addend=a, op1=n, op2=m))."""
    n, f1 = unpack(nb, f, c.fz); m, f2 = unpack(mb, f, c.fz); a, f3 = unpack(ab, f, c.fz)
    fl = f1 | f2 | f3
    infzero = (n.kind == 'inf' and m.kind == 'zero') or (n.kind == 'zero' and m.kind == 'inf')
    if a.kind == 'qnan' and infzero:
        return default_nan(f), fl | IOC
    if isnan(a) or isnan(n) or isnan(m):
        flags = IOC if 'snan' in (a.kind, n.kind, m.kind) else 0
        if c.dn: return default_nan(f), fl | flags
        for v in (a, n, m):
            if v.kind == 'snan': return quiet(v.bits, f), fl | flags
        for v in (a, n, m):
            if v.kind == 'qnan': return v.bits, fl | flags
    ps = n.sign ^ m.sign
    if infzero: return default_nan(f), fl | IOC
    pinf = 'inf' in (n.kind, m.kind)
    if pinf and a.kind == 'inf' and a.sign != ps: return default_nan(f), fl | IOC
    if pinf: return inf_bits(f, ps), fl
    if a.kind == 'inf': return inf_bits(f, a.sign), fl
    p = n.val * m.val * (-1 if ps else 1)
    r = p + real(a)
    if r == 0:
        pz = n.kind == 'zero' or m.kind == 'zero'
        if pz and a.kind == 'zero' and ps == a.sign: s = a.sign
        else: s = 1 if c.mode == 'M' else 0
        return pack(s, F(0), f)[0], fl
    bits, x = pack(r < 0, abs(r), f, c.mode, c.fz); return bits, fl | x

def minmax(op, ab, bb, f, c=Ctx()):
    a, fa = unpack(ab, f, c.fz); b, fb = unpack(bb, f, c.fz)
    fl = fa | fb
    if op.endswith('nm'):
        # FPMaxNum/FPMinNum: a lone quiet NaN is replaced by the infinity that loses.
        if a.kind == 'qnan' and b.kind not in ('qnan', 'snan'):
            return minmax(op[:-2], inf_bits(f, op == 'maxnm'), bb, f, c)[0], fl
        if b.kind == 'qnan' and a.kind not in ('qnan', 'snan'):
            return minmax(op[:-2], ab, inf_bits(f, op == 'maxnm'), f, c)[0], fl
        op = op[:-2]
    if isnan(a) or isnan(b):
        r, x = nan2(a, b, f, c.dn); return r, fl | x
    def key(v):
        if v.kind == 'inf': return (-F(10) ** 400 if v.sign else F(10) ** 400, 0)
        return (real(v), 0 if v.sign else 1)   # -0 < +0
    pick = max if op == 'max' else min
    w = pick([a, b], key=key)
    # the result is the operand, re-packed (a flushed denormal comes back as zero)
    if w.kind == 'zero': return pack(w.sign, F(0), f)[0], fl
    if w.kind == 'inf': return inf_bits(f, w.sign), fl
    return w.bits, fl

def compare(ab, bb, f, signal, c=Ctx()):
    a, fa = unpack(ab, f, c.fz); b, fb = unpack(bb, f, c.fz)
    fl = fa | fb
    if isnan(a) or isnan(b):
        if signal or 'snan' in (a.kind, b.kind): fl |= IOC
        return 0x3, fl
    def val(v):
        if v.kind == 'inf': return -F(10) ** 400 if v.sign else F(10) ** 400
        return real(v)
    x, y = val(a), val(b)
    return (0x6 if x == y else 0x8 if x < y else 0x2), fl

def sqrt(ab, f, c=Ctx()):
    a, fl = unpack(ab, f, c.fz)
    if isnan(a):
        if c.dn: return default_nan(f), fl | (IOC if a.kind == 'snan' else 0)
        return quiet(a.bits, f), fl | (IOC if a.kind == 'snan' else 0)
    if a.kind == 'zero': return pack(a.sign, F(0), f)[0], fl
    if a.sign: return default_nan(f), fl | IOC
    if a.kind == 'inf': return inf_bits(f, 0), fl
    # sqrt to many bits: floor(sqrt(v * 4^k)) / 2^k, with a sticky bit
    k = 1200
    N = a.val * F(4) ** k
    n = math.isqrt(math.floor(N))
    exact = F(n) ** 2 == N
    r = F(n, 2 ** k) + (0 if exact else F(1, 2 ** (k + 1)))
    bits, x = pack(0, r, f, c.mode, c.fz); return bits, fl | x

def rint(ab, f, mode, exact, c=Ctx()):
    a, fl = unpack(ab, f, c.fz)
    if isnan(a):
        x = IOC if a.kind == 'snan' else 0
        return (default_nan(f) if c.dn else quiet(a.bits, f)), fl | x
    if a.kind in ('zero', 'inf'):
        return (pack(a.sign, F(0), f)[0] if a.kind == 'zero' else a.bits), fl
    n, inexact = round_int(a.val, mode, a.sign)
    bits, _ = pack(a.sign, F(n), f)
    return bits, fl | (IXC if inexact and exact else 0)

def convert(ab, ff, tf, c=Ctx()):
    """FCVT from format ff to tf: half ignores FZ, follows AHP."""
    a, fl = unpack(ab, ff, c.fz and ff != 'h', c.ahp)
    alt = tf == 'h' and c.ahp
    e, m = FMT[tf]
    if isnan(a):
        if alt: return a.sign << 15, fl | IOC
        x = IOC if a.kind == 'snan' else 0
        if c.dn: return default_nan(tf), fl | x
        fe, fm = FMT[ff]
        payload = a.bits & ((1 << fm) - 1) | (1 << (fm - 1))
        payload = payload << m >> fm if m > fm else payload >> (fm - m)
        return (a.sign << (e + m)) | (((1 << e) - 1) << m) | payload, fl | x
    if a.kind == 'inf':
        if alt: return (a.sign << 15) | 0x7fff, fl | IOC
        return inf_bits(tf, a.sign), fl
    if a.kind == 'zero': return pack(a.sign, F(0), tf)[0], fl
    if alt:
        # alternative half: exponent 31 is normal, no infinities
        bits, x = pack(a.sign, a.val, 'h', c.mode, False)
        if bits & 0x7fff >= 0x7c00:
            # may still be representable with exponent 31
            if a.val < F(131072):   # 2^17
                bias = 15
                q = 16 - 10
                n, inexact = round_int(a.val / F(2) ** q, c.mode, a.sign)
                if n < 2048:
                    return (a.sign << 15) | (31 << 10) | (n - 1024), fl | (IXC if inexact else 0)
            return (a.sign << 15) | 0x7fff, fl | IOC
        return bits, fl | x
    bits, x = pack(a.sign, a.val, tf, c.mode, c.fz and tf != 'h')
    return bits, fl | x

def to_int(ab, f, mode, fbits, signed, nbits, c=Ctx()):
    a, fl = unpack(ab, f, c.fz)
    lo = -(1 << (nbits - 1)) if signed else 0
    hi = (1 << (nbits - 1)) - 1 if signed else (1 << nbits) - 1
    mask = (1 << nbits) - 1
    if isnan(a): return 0, fl | IOC
    if a.kind == 'inf': return (lo if a.sign else hi) & mask, fl | IOC
    if a.kind == 'zero': return 0, fl
    n, inexact = round_int(a.val * F(2) ** fbits, mode, a.sign)
    v = -n if a.sign else n
    if v < lo: return lo & mask, fl | IOC
    if v > hi: return hi & mask, fl | IOC
    return v & mask, fl | (IXC if inexact else 0)

def from_int(x, nbits, signed, f, fbits, c=Ctx()):
    x &= (1 << nbits) - 1
    if signed and x >> (nbits - 1): x -= 1 << nbits
    v = F(x) / F(2) ** fbits
    return pack(v < 0, abs(v), f, c.mode, c.fz)

# ---- the vectors ----

def d(x): return struct.unpack('<Q', struct.pack('<d', x))[0]
def s(x): return struct.unpack('<I', struct.pack('<f', x))[0]

FPCR = {'N': 0, 'P': 1 << 22, 'M': 2 << 22, 'Z': 3 << 22}
FZ, DN, AHP = 1 << 24, 1 << 25, 1 << 26

def ctx(fpcr):
    mode = 'NPMZ'[(fpcr >> 22) & 3]
    return Ctx(mode, bool(fpcr & FZ), bool(fpcr & DN), bool(fpcr & AHP))

def fpcr_str(v):
    parts = []
    m = (v >> 22) & 3
    if m: parts.append(['', 'RP', 'RM', 'RZ'][m])
    if v & FZ: parts.append('FZ')
    if v & DN: parts.append('DN')
    if v & AHP: parts.append('AHP')
    return ' | '.join(parts) or '0'

FL = {IOC: 'IOC', DZC: 'DZC', OFC: 'OFC', UFC: 'UFC', IXC: 'IXC', IDC: 'IDC'}
def flags_str(f):
    return ' | '.join(FL[b] for b in sorted(FL) if f & b) or '0'

C = {
 'd': dict(one=d(1), two=d(2), three=d(3), half=d(.5), m1=d(-1), third=d(1/3),
           max=0x7fefffffffffffff, minn=0x0010000000000000, minn1=0x0010000000000001,
           den=1, nden=0x8000000000000001, inf=0x7ff0000000000000, ninf=0xfff0000000000000,
           qnan=0x7ff8000000000123, qnan2=0xfff8000000000456, snan=0x7ff0000000000789,
           snan2=0xfff4000000000abc, zero=0, nzero=1 << 63),
 's': dict(one=s(1), two=s(2), three=s(3), half=s(.5), m1=s(-1), third=s(1/3),
           max=0x7f7fffff, minn=0x00800000, minn1=0x00800001, den=1, nden=0x80000001,
           inf=0x7f800000, ninf=0xff800000, qnan=0x7fc00123, qnan2=0xffc00456,
           snan=0x7f800789, snan2=0xffa00abc, zero=0, nzero=1 << 31),
}
def conv(sz, x):
    return d(x) if sz == 'd' else s(x)

def chs(v, sz): return v ^ (1 << (63 if sz == 'd' else 31))

rows = {}
def emit(group, op, fpcr, a, b, c, r, fl):
    rows.setdefault(group, []).append((op, fpcr, a, b, c, r, fl))

def binop(group, op, sz, a, b, fpcr=0):
    cx = ctx(fpcr)
    if op in ('fadd', 'fsub', 'fmul', 'fdiv'):
        r, fl = arith(op[1:], a, b, sz, cx)
    elif op == 'fnmul':
        r, fl = arith('mul', a, b, sz, cx); r = chs(r, sz)
    else:
        r, fl = minmax(op[1:], a, b, sz, cx)
    emit(group, f'{op}_{sz}', fpcr, a, b, 0, r, fl)

def fma3(group, op, sz, n, m, a, fpcr=0):
    cx = ctx(fpcr)
    if op == 'fmadd': r, fl = fma(n, m, a, sz, cx)
    elif op == 'fmsub': r, fl = fma(chs(n, sz), m, a, sz, cx)
    elif op == 'fnmadd': r, fl = fma(chs(n, sz), m, chs(a, sz), sz, cx)
    else: r, fl = fma(n, m, chs(a, sz), sz, cx)
    emit(group, f'{op}_{sz}', fpcr, n, m, a, r, fl)

# ---- arithmetic ----
for sz in 'sd':
    K = C[sz]
    for a, b in [('one', 'two'), ('one', 'three'), ('third', 'three'), ('m1', 'three'),
                 ('max', 'max'), ('max', 'two'), ('minn', 'half'), ('minn1', 'half'),
                 ('one', 'zero'), ('m1', 'nzero'), ('zero', 'zero'), ('inf', 'inf'),
                 ('inf', 'zero'), ('nzero', 'nzero'), ('nzero', 'zero'), ('one', 'm1'),
                 ('den', 'den'), ('inf', 'ninf'), ('three', 'inf')]:
        for op in ('fadd', 'fsub', 'fmul', 'fdiv'):
            binop('arithmetic', op, sz, K[a], K[b])
    for a, b in [('one', 'three'), ('max', 'two'), ('third', 'm1')]:
        binop('arithmetic', 'fnmul', sz, K[a], K[b])

# ---- rounding modes ----
for sz in 'sd':
    K = C[sz]
    tiny = conv(sz, 2.0 ** -60)
    for mode in 'NPMZ':
        f = FPCR[mode]
        binop('rounding modes', 'fdiv', sz, K['one'], K['three'], f)
        binop('rounding modes', 'fdiv', sz, K['m1'], K['three'], f)
        binop('rounding modes', 'fadd', sz, K['max'], K['max'], f)
        binop('rounding modes', 'fmul', sz, K['max'] | (1 << (63 if sz == 'd' else 31)),
              K['two'], f)
        binop('rounding modes', 'fadd', sz, K['one'], tiny, f)
        binop('rounding modes', 'fsub', sz, K['m1'], tiny, f)
        binop('rounding modes', 'fsub', sz, K['one'], K['one'], f)
        binop('rounding modes', 'fmul', sz, K['minn1'], K['half'], f)

# ---- NaNs ----
for sz in 'sd':
    K = C[sz]
    pairs = [('qnan', 'one'), ('one', 'qnan'), ('qnan', 'qnan2'), ('qnan2', 'qnan'),
             ('snan', 'qnan'), ('qnan', 'snan2'), ('snan', 'snan2'), ('one', 'snan2'),
             ('snan2', 'inf'), ('inf', 'qnan2')]
    for fpcr in (0, DN):
        for a, b in pairs:
            for op in ('fadd', 'fsub', 'fmul', 'fdiv', 'fmax', 'fmin', 'fnmul'):
                binop('NaN propagation and default NaN', op, sz, K[a], K[b], fpcr)

# ---- min / max ----
for sz in 'sd':
    K = C[sz]
    for a, b in [('zero', 'nzero'), ('nzero', 'zero'), ('one', 'qnan'), ('qnan', 'one'),
                 ('qnan', 'ninf'), ('snan', 'one'), ('one', 'snan'), ('qnan', 'qnan2'),
                 ('inf', 'max'), ('ninf', 'one'), ('two', 'three'), ('m1', 'den'),
                 ('nden', 'zero')]:
        for op in ('fmax', 'fmin', 'fmaxnm', 'fminnm'):
            binop('min and max', op, sz, K[a], K[b])
    for op in ('fmax', 'fmin', 'fmaxnm', 'fminnm'):
        binop('min and max', op, sz, K['nden'], K['zero'], FZ)
        binop('min and max', op, sz, K['qnan'], K['one'], DN)

# ---- flush to zero ----
for sz in 'sd':
    K = C[sz]
    for fpcr in (0, FZ):
        binop('flush to zero', 'fadd', sz, K['den'], K['zero'], fpcr)
        binop('flush to zero', 'fadd', sz, K['den'], K['one'], fpcr)
        binop('flush to zero', 'fsub', sz, K['zero'], K['nden'], fpcr)
        binop('flush to zero', 'fmul', sz, K['minn'], K['half'], fpcr)
        binop('flush to zero', 'fmul', sz, K['minn1'], K['half'], fpcr)
        binop('flush to zero', 'fdiv', sz, K['one'], K['den'], fpcr)
        binop('flush to zero', 'fmul', sz, K['minn'], K['two'], fpcr)

# ---- fused multiply-add ----
fused = {'d': (0x3ff0000002000000, 0x3ff0000004000000), 's': (0x3f800800, 0x3f801000)}
for sz in 'sd':
    K = C[sz]
    n, a = fused[sz]
    g = 'fused multiply-add'
    fma3(g, 'fmadd', sz, n, n, chs(a, sz))
    fma3(g, 'fmsub', sz, n, n, a)
    fma3(g, 'fnmadd', sz, n, n, chs(a, sz))
    fma3(g, 'fnmsub', sz, n, n, a)
    binop(g, 'fmul', sz, n, n)          # the unfused product rounds the 2^-54 away
    for op in ('fmadd', 'fmsub', 'fnmadd', 'fnmsub'):
        fma3(g, op, sz, K['two'], K['three'], K['one'])
        fma3(g, op, sz, K['inf'], K['zero'], K['qnan'])
        fma3(g, op, sz, K['zero'], K['inf'], K['one'])
        fma3(g, op, sz, K['qnan'], K['one'], K['qnan2'])
        fma3(g, op, sz, K['snan'], K['one'], K['qnan2'])
        fma3(g, op, sz, K['qnan'], K['one'], K['one'])
        fma3(g, op, sz, K['one'], K['qnan2'], K['one'])
        fma3(g, op, sz, K['one'], K['one'], K['qnan'])
        fma3(g, op, sz, K['zero'], K['one'], K['nzero'])
        fma3(g, op, sz, K['nzero'], K['one'], K['nzero'])
        fma3(g, op, sz, K['max'], K['two'], chs(K['max'], sz))
        fma3(g, op, sz, K['inf'], K['one'], K['ninf'])
        fma3(g, op, sz, K['one'], K['one'], K['qnan'], DN)
    fma3(g, 'fmadd', sz, K['max'], K['two'], K['zero'], FPCR['Z'])
    fma3(g, 'fmadd', sz, K['one'], K['one'], K['m1'], FPCR['M'])
    fma3(g, 'fmadd', sz, K['minn'], K['half'], K['zero'], FZ)

# ---- 1 source ----
def un(group, op, sz, a, fpcr=0):
    cx = ctx(fpcr)
    sign = 1 << (63 if sz == 'd' else 31)
    if op == 'fmov': r, fl = a, 0
    elif op == 'fabs': r, fl = a & ~sign, 0
    elif op == 'fneg': r, fl = a ^ sign, 0
    elif op == 'fsqrt': r, fl = sqrt(a, sz, cx)
    else:
        m = op[-1]
        if m in 'xi': r, fl = rint(a, sz, cx.mode, m == 'x', cx)
        else: r, fl = rint(a, sz, m.upper(), False, cx)
    emit(group, f'{op}_{sz}', fpcr, a, 0, 0, r, fl)

for sz in 'sd':
    K = C[sz]
    for v in ('one', 'm1', 'qnan', 'qnan2', 'snan', 'snan2', 'nzero', 'den', 'nden', 'ninf'):
        for op in ('fmov', 'fabs', 'fneg'):
            un('moves, FABS, FNEG', op, sz, K[v], FZ if v == 'den' else 0)
    for v in [K['two'], conv(sz, 4.0), conv(sz, 0.25), K['nzero'], K['m1'], K['inf'],
              K['ninf'], K['qnan'], K['snan'], K['den'], K['max'], conv(sz, 3.0)]:
        for f in (0, FPCR['P'], FPCR['Z']):
            un('FSQRT', 'fsqrt', sz, v, f)
    un('FSQRT', 'fsqrt', sz, K['snan'], DN)
    un('FSQRT', 'fsqrt', sz, K['den'], FZ)
    big = conv(sz, 2.0 ** 52 - 0.5) if sz == 'd' else conv(sz, 2.0 ** 23 - 0.5)
    vals = [conv(sz, x) for x in (2.5, -2.5, 0.3, -0.3, 1.5, 0.5, -0.5, 3.0, 2.7, -2.7, 1e30)]
    vals += [big, chs(big, sz), K['inf'], K['nzero'], K['qnan'], K['snan'], K['den'],
             K['nden']]
    for v in vals:
        for op in ('frintn', 'frintp', 'frintm', 'frintz', 'frinta'):
            un('FRINT*', op, sz, v)
        for mode in 'NPMZ':
            for op in ('frintx', 'frinti'):
                un('FRINT*', op, sz, v, FPCR[mode])
    for op in ('frintn', 'frintp', 'frintx'):
        un('FRINT*', op, sz, K['den'], FZ)
        un('FRINT*', op, sz, K['snan'], DN)

# ---- FCVT between precisions ----
def cvt(ff, tf, a, fpcr=0):
    r, fl = convert(a, ff, tf, ctx(fpcr))
    emit('FCVT between precisions', f'fcvt_{tf}{ff}', fpcr, a, 0, 0, r, fl)

for v in [d(1/3), d(1e300), d(-1e300), d(1e-300), d(3.0), 0x7ff4000000000000, C['d']['qnan2'],
          C['d']['inf'], C['d']['nzero'], 0x3810000000000000, 0x380fffffffffffff, 1,
          d(65520.0), d(65519.0), d(2.0 ** -24), d(2.0 ** -25), d(2.0 ** -25 * 1.5),
          d(0.1), d(-65504.0)]:
    for f in (0, FPCR['Z'], FPCR['P'], FZ, DN, AHP):
        cvt('d', 's', v, f)
        cvt('d', 'h', v, f)
for v in [s(1/3), s(3.0), s(-0.0), 0x7f800001, C['s']['qnan2'], C['s']['inf'], 1, 0x00400000,
          s(65520.0), s(65519.0), s(2.0 ** -24), s(2.0 ** -25), s(1e6), s(-131008.0),
          s(0.1), s(70000.0)]:
    for f in (0, FPCR['Z'], FPCR['M'], FZ, DN, AHP):
        cvt('s', 'd', v, f)
        cvt('s', 'h', v, f)
for v in [0x3c00, 0x3555, 0x0001, 0x03ff, 0x7bff, 0x7c00, 0xfc00, 0x7d00, 0x7e01, 0xfe00, 0x8000,
          0x7fff]:
    for f in (0, FZ, DN, AHP):
        cvt('h', 's', v, f)
        cvt('h', 'd', v, f)

# ---- FP to integer ----
def toint(op, sz, bits, a, fpcr=0, fbits=0):
    mode = {'n': 'N', 'p': 'P', 'm': 'M', 'z': 'Z', 'a': 'A'}[op[4]]
    signed = op[5] == 's'
    r, fl = to_int(a, sz, mode, fbits, signed, bits, ctx(fpcr))
    name = f'{op}_{"w" if bits == 32 else "x"}{sz}' + (f'_{fbits}' if fbits else '')
    emit('FP to integer' if not fbits else 'fixed point', name, fpcr, a, 0, 0, r, fl)

for sz in 'sd':
    K = C[sz]
    vals = [conv(sz, x) for x in (2.5, -2.5, 3.5, 2.9, -2.9, 2.1, -2.1, 0.5, -0.5, 1e-30,
                                  2147483647.0, 2147483648.0, -2147483648.0, -2147483904.0,
                                  4294967295.0, 4294967296.0, 9.2233720368547758e18,
                                  -9.2233720368547758e18, 1.8446744073709552e19, -1.0,
                                  4294967295.5, 1e300 if sz == 'd' else 1e38)]
    vals += [K['qnan'], K['snan'], K['inf'], K['ninf'], K['nzero'], K['den'], K['nden']]
    for op in ('fcvtns', 'fcvtnu', 'fcvtps', 'fcvtpu', 'fcvtms', 'fcvtmu', 'fcvtzs', 'fcvtzu',
               'fcvtas', 'fcvtau'):
        for bits in (32, 64):
            for v in vals:
                toint(op, sz, bits, v)
    for op in ('fcvtzs', 'fcvtzu', 'fcvtns'):
        toint(op, sz, 32, K['den'], FZ)
        toint(op, sz, 64, K['nden'], FZ)
        toint(op, sz, 32, conv(sz, 2.5), FPCR['P'])   # FPCR.RMode does not matter

# ---- fixed point ----
for sz in 'sd':
    K = C[sz]
    for fbits in (1, 16, 32):
        for v in (1.75, -1.75, 0.5, -1.0, 1.5, 65535.99, 3e9, 1e-6):
            toint('fcvtzs', sz, 32, conv(sz, v), 0, fbits)
            toint('fcvtzu', sz, 32, conv(sz, v), 0, fbits)
    for fbits in (1, 32, 64):
        for v in (1.75, -1.75, 0.5, -1.0, 1.0, 3e9, 1e-6, 1e19):
            toint('fcvtzs', sz, 64, conv(sz, v), 0, fbits)
            toint('fcvtzu', sz, 64, conv(sz, v), 0, fbits)
    toint('fcvtzs', sz, 32, K['qnan'], 0, 16)
    toint('fcvtzu', sz, 64, K['ninf'], 0, 32)

def fromint(op, sz, bits, x, fpcr=0, fbits=0):
    r, fl = from_int(x, bits, op == 'scvtf', sz, fbits, ctx(fpcr))
    name = f'{op}_{sz}{"w" if bits == 32 else "x"}' + (f'_{fbits}' if fbits else '')
    emit('integer to FP' if not fbits else 'fixed point', name, fpcr, x, 0, 0, r, fl)

for sz in 'sd':
    for bits in (32, 64):
        m = (1 << bits) - 1
        vals = [0, 1, m, 1 << (bits - 1), (1 << (bits - 1)) - 1, 16777217, 16777219,
                (1 << 53) + 1, 0x123456789abcdef1, 3, m - 2,
                0xdeadbeef00000007 if bits == 32 else 0xfffffffffffffffd]
        for op in ('scvtf', 'ucvtf'):
            for v in vals:
                for f in (0, FPCR['P'], FPCR['M'], FPCR['Z']):
                    fromint(op, sz, bits, v & m if bits == 64 else v, f)
    for op in ('scvtf', 'ucvtf'):
        for bits, fbs in ((32, (1, 16, 32)), (64, (1, 32, 64))):
            for fb in fbs:
                for v in (3, 0xffffffff, 0x80000000, 1, 0x8000000000000000, 0xffffffffffffffff):
                    fromint(op, sz, bits, v, 0, fb)

# ---- compare ----
for sz in 'sd':
    K = C[sz]
    pairs = [('one', 'two'), ('two', 'one'), ('one', 'one'), ('zero', 'nzero'), ('inf', 'inf'),
             ('ninf', 'max'), ('qnan', 'one'), ('one', 'snan'), ('qnan', 'qnan'), ('den', 'zero'),
             ('m1', 'zero'), ('nden', 'zero')]
    for a, b in pairs:
        for op in ('fcmp', 'fcmpe'):
            for f in (0, FZ):
                r, fl = compare(K[a], K[b], sz, op == 'fcmpe', ctx(f))
                emit('FCMP and FCMPE', f'{op}_{sz}', f, K[a], K[b], 0, r, fl)
                r, fl = compare(K[a], 0, sz, op == 'fcmpe', ctx(f))
                emit('FCMP and FCMPE', f'{op}z_{sz}', f, K[a], 0, 0, r, fl)

def out():
    print('/*')
    print(' * Expected results and FPSR flags of A64 scalar FP instructions, for test-fp.c:')
    print(' * { op, fpcr, a, b, c, result, fpsr }.  Generated by gen-fp-vectors.py from an')
    print(' * exact rational model of the Arm ARM pseudocode; do not edit.')
    print(' */')
    for g, rs in rows.items():
        ident = ''.join(ch if ch.isalnum() else '_' for ch in g.lower()).strip('_')
        while '__' in ident: ident = ident.replace('__', '_')
        print(f'static const struct fp_vec vec_{ident}[] = {{')
        for op, fpcr, a, b, c, r, fl in rs:
            print(f'    {{ OP({op}), {fpcr_str(fpcr)}, 0x{a:x}, 0x{b:x}, 0x{c:x}, 0x{r:x}, '
                  f'{flags_str(fl)} }},')
        print('};')
    print('static const struct fp_group vec_groups[] = {')
    for g in rows:
        ident = ''.join(ch if ch.isalnum() else '_' for ch in g.lower()).strip('_')
        while '__' in ident: ident = ident.replace('__', '_')
        print(f'    {{ "{g}", vec_{ident}, ARRAY_LEN(vec_{ident}) }},')
    print('};')


if __name__ == '__main__':
    out()
