"""pcg32.py: the project's PCG32 (core/base/rng.c) in Python, so the PyTorch reference can
replay polarcad's dropout masks draw for draw."""
MASK64 = (1 << 64) - 1


class PCG32:
    def __init__(self, seed, stream):
        self.state = 0
        self.inc = ((stream << 1) | 1) & MASK64
        self.u32()
        self.state = (self.state + seed) & MASK64
        self.u32()

    def u32(self):
        old = self.state
        self.state = (old * 6364136223846793005 + self.inc) & MASK64
        xorshifted = (((old >> 18) ^ old) >> 27) & 0xFFFFFFFF
        rot = old >> 59
        return ((xorshifted >> rot) | (xorshifted << ((-rot) & 31))) & 0xFFFFFFFF

    def uniform(self):
        """pc_rng_uniform: 24 random bits, exact in float32 and float64."""
        return (self.u32() >> 8) / 16777216.0
