/* BN254 Fr arithmetic on IFMA vectors, lane by lane, written once for any
 * vector width. No include guard: included by fr_ifma.h (256-bit vectors,
 * functions ifma_*3) and again by rescue_ifma.c (512-bit, ifma_*8), each time
 * after defining VT (the vector type), LO/HI (the 52-bit multiply-adds),
 * VADD, VZERO, VSET1, VSRLI, VAND and IFMA_FN (the function names); the
 * reduction macros of fr_ifma.h expand over the same names. Internal. */

/* Montgomery products lane by lane, radix 2^52, R' = 2^260.
 * Limbs of a and b below 2^52, values below 2p. The terms of each product
 * limb go to short independent chains that are summed, which keeps the
 * latency low (a single chain per limb would be ten multiply-adds long). */
IFMA_INLINE void IFMA_FN(mul)(VT r[5], const VT a[5], const VT b[5])
{
    const VT z = VZERO();
    const VT a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    const VT b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3], b4 = b[4];
    VT x0_0 = LO(z, a0, b0);
    VT t0 = x0_0;
    VT x1_0 = LO(HI(z, a0, b0), a0, b1);
    VT x1_1 = LO(z, a1, b0);
    x1_0 = VADD(x1_0, x1_1);
    VT t1 = x1_0;
    VT x2_0 = LO(HI(z, a0, b1), a0, b2);
    VT x2_1 = LO(HI(z, a1, b0), a1, b1);
    VT x2_2 = LO(z, a2, b0);
    x2_0 = VADD(x2_0, x2_1);
    x2_0 = VADD(x2_0, x2_2);
    VT t2 = x2_0;
    VT x3_0 = LO(HI(z, a0, b2), a0, b3);
    VT x3_1 = LO(HI(z, a1, b1), a1, b2);
    VT x3_2 = LO(HI(z, a2, b0), a2, b1);
    VT x3_3 = LO(z, a3, b0);
    x3_0 = VADD(x3_0, x3_1);
    x3_2 = VADD(x3_2, x3_3);
    x3_0 = VADD(x3_0, x3_2);
    VT t3 = x3_0;
    VT x4_0 = LO(HI(z, a0, b3), a0, b4);
    VT x4_1 = LO(HI(z, a1, b2), a1, b3);
    VT x4_2 = LO(HI(z, a2, b1), a2, b2);
    VT x4_3 = LO(HI(z, a3, b0), a3, b1);
    VT x4_4 = LO(z, a4, b0);
    x4_0 = VADD(x4_0, x4_1);
    x4_2 = VADD(x4_2, x4_3);
    x4_0 = VADD(x4_0, x4_2);
    x4_0 = VADD(x4_0, x4_4);
    VT t4 = x4_0;
    VT x5_0 = HI(HI(z, a0, b4), a1, b3);
    VT x5_1 = HI(LO(z, a1, b4), a2, b2);
    VT x5_2 = HI(LO(z, a2, b3), a3, b1);
    VT x5_3 = HI(LO(z, a3, b2), a4, b0);
    VT x5_4 = LO(z, a4, b1);
    x5_0 = VADD(x5_0, x5_1);
    x5_2 = VADD(x5_2, x5_3);
    x5_0 = VADD(x5_0, x5_2);
    x5_0 = VADD(x5_0, x5_4);
    VT t5 = x5_0;
    VT x6_0 = HI(HI(z, a1, b4), a2, b3);
    VT x6_1 = HI(LO(z, a2, b4), a3, b2);
    VT x6_2 = HI(LO(z, a3, b3), a4, b1);
    VT x6_3 = LO(z, a4, b2);
    x6_0 = VADD(x6_0, x6_1);
    x6_2 = VADD(x6_2, x6_3);
    x6_0 = VADD(x6_0, x6_2);
    VT t6 = x6_0;
    VT x7_0 = HI(HI(z, a2, b4), a3, b3);
    VT x7_1 = HI(LO(z, a3, b4), a4, b2);
    VT x7_2 = LO(z, a4, b3);
    x7_0 = VADD(x7_0, x7_1);
    x7_0 = VADD(x7_0, x7_2);
    VT t7 = x7_0;
    VT x8_0 = HI(HI(z, a3, b4), a4, b3);
    VT x8_1 = LO(z, a4, b4);
    x8_0 = VADD(x8_0, x8_1);
    VT t8 = x8_0;
    VT x9_0 = HI(z, a4, b4);
    VT t9 = x9_0;
    IFMA_REDC_ALL(r);
}

/* Squares lane by lane: each cross product once, in short independent
 * chains, doubled, plus the squares. */
IFMA_INLINE void IFMA_FN(sqr)(VT r[5], const VT a[5])
{
    const VT z = VZERO();
    const VT a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3], a4 = a[4];
    VT t0, t1, t2, t3, t4, t5, t6, t7, t8, t9;
    /* cross products: the low limbs (consumed first by the reduction) from
     * parallel products and adds, the high ones in short chains */
    VT x1 = LO(z, a0, a1);
    VT x2 = VADD(HI(z, a0, a1), LO(z, a0, a2));
    VT x3 = VADD(HI(z, a0, a2), VADD(LO(z, a0, a3), LO(z, a1, a2)));
    VT x4 = VADD(LO(HI(z, a0, a3), a0, a4), LO(HI(z, a1, a2), a1, a3));
    VT x5 = VADD(HI(HI(z, a0, a4), a1, a3), LO(LO(z, a1, a4), a2, a3));
    VT x6 = VADD(HI(HI(z, a1, a4), a2, a3), LO(z, a2, a4));
    VT x7 = LO(HI(z, a2, a4), a3, a4);
    VT x8 = HI(z, a3, a4);
    /* doubled, plus the squares */
    t0 = LO(z, a0, a0);
    t1 = VADD(VADD(x1, x1), HI(z, a0, a0));
    t2 = VADD(VADD(x2, x2), LO(z, a1, a1));
    t3 = VADD(VADD(x3, x3), HI(z, a1, a1));
    t4 = LO(VADD(x4, x4), a2, a2);
    t5 = HI(VADD(x5, x5), a2, a2);
    t6 = LO(VADD(x6, x6), a3, a3);
    t7 = HI(VADD(x7, x7), a3, a3);
    t8 = LO(VADD(x8, x8), a4, a4);
    t9 = HI(z, a4, a4);
    IFMA_REDC_ALL(r);
}

/* r = a + b, lazily (no reduction), with limbs brought back below 2^52 by
 * carries; the inputs' limbs may carry already-propagated high bits. */
IFMA_INLINE void IFMA_FN(add)(VT r[5], const VT a[5], const VT b[5])
{
    const VT mask = VSET1(M52);
    VT s0 = VADD(VAND(a[0], mask), VAND(b[0], mask));
    VT s1 = VADD(VAND(a[1], mask), VAND(b[1], mask));
    VT s2 = VADD(VAND(a[2], mask), VAND(b[2], mask));
    VT s3 = VADD(VAND(a[3], mask), VAND(b[3], mask));
    VT s4 = VADD(a[4], b[4]);
    s1 = VADD(s1, VSRLI(s0, 52));
    s2 = VADD(s2, VSRLI(s1, 52));
    s3 = VADD(s3, VSRLI(s2, 52));
    s4 = VADD(s4, VSRLI(s3, 52));
    r[0] = s0, r[1] = s1, r[2] = s2, r[3] = s3, r[4] = s4;
}

/* The 10 product limbs of a*b (unreduced), added into t. */
IFMA_INLINE void IFMA_FN(prod_acc)(VT t[10], const VT a[5], const VT b[5])
{
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 5; j++) {
            t[i + j] = LO(t[i + j], a[i], b[j]);
            t[i + j + 1] = HI(t[i + j + 1], a[i], b[j]);
        }
}
