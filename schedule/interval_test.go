package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestSetOps(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  Set
		want Set
	}{
		{"new sorts merges touching drops empty", NewSet(iv(30, 40), iv(0, 10), iv(10, 20), iv(5, 5), iv(50, 45)), set(0, 20, 30, 40)},
		{"new nested", NewSet(iv(0, 100), iv(10, 20)), set(0, 100)},
		{"union interleaved", set(0, 10, 20, 30).Union(set(5, 15, 40, 50)), set(0, 15, 20, 30, 40, 50)},
		{"union touching", set(0, 10).Union(set(10, 20)), set(0, 20)},
		{"union empty", Set(nil).Union(set(1, 2)), set(1, 2)},
		{"subtract middle", set(0, 100).Subtract(set(10, 20, 30, 40)), set(0, 10, 20, 30, 40, 100)},
		{"subtract covering", set(10, 20).Subtract(set(0, 30)), nil},
		{"subtract edges", set(0, 10, 20, 30).Subtract(set(5, 25)), set(0, 5, 25, 30)},
		{"subtract one across two", set(0, 10, 20, 30).Subtract(set(10, 20)), set(0, 10, 20, 30)},
		{"intersect", set(0, 10, 20, 30).Intersect(set(5, 25)), set(5, 10, 20, 25)},
		{"intersect touching is empty", set(0, 10).Intersect(set(10, 20)), nil},
		{"clip", set(0, 10, 20, 30, 40, 50).Clip(iv(5, 45)), set(5, 10, 20, 30, 40, 45)},
		{"clip outside", set(0, 10).Clip(iv(20, 30)), nil},
		{"widen merges", set(0, 10, 20, 30).Widen(5 * time.Minute), set(-5, 35)},
		{"widen exactly touching merges", set(0, 10, 20, 30).Widen(5*time.Minute - 0), set(-5, 35)},
		{"widen keeps gap", set(0, 10, 21, 30).Widen(5 * time.Minute), set(-5, 15, 16, 35)},
		{"widen zero", set(0, 10).Widen(0), set(0, 10)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if !sameSet(tt.got, tt.want) {
				t.Errorf("got %v, want %v", tt.got, tt.want)
			}
			if !tt.got.valid() {
				t.Errorf("result %v is not a valid Set", tt.got)
			}
		})
	}
}

// bitmap is a reference model: minute m is in the set when b[m].
func bitmap(s Set, n int) []bool {
	b := make([]bool, n)
	for _, v := range s {
		for m := int(v.Start.Sub(base) / time.Minute); m < int(v.End.Sub(base)/time.Minute); m++ {
			if m >= 0 && m < n {
				b[m] = true
			}
		}
	}
	return b
}

func randSet(rng *rand.Rand, n int) Set {
	var ivs []Interval
	for range rng.IntN(8) {
		a := rng.IntN(n)
		ivs = append(ivs, iv(a, a+rng.IntN(20)))
	}
	return NewSet(ivs...)
}

func TestSetOpsAgainstBitmap(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 120
	for i := range 2000 {
		a, b := randSet(rng, n-20), randSet(rng, n-20)
		ba, bb := bitmap(a, n), bitmap(b, n)
		ops := []struct {
			name string
			got  Set
			f    func(x, y bool) bool
		}{
			{"union", a.Union(b), func(x, y bool) bool { return x || y }},
			{"intersect", a.Intersect(b), func(x, y bool) bool { return x && y }},
			{"subtract", a.Subtract(b), func(x, y bool) bool { return x && !y }},
		}
		for _, op := range ops {
			if !op.got.valid() {
				t.Fatalf("case %d %s(%v, %v) = %v: not a valid Set", i, op.name, a, b, op.got)
			}
			got := bitmap(op.got, n)
			for m := range n {
				if got[m] != op.f(ba[m], bb[m]) {
					t.Fatalf("case %d %s(%v, %v) = %v: minute %d got %v, want %v", i, op.name, a, b, op.got, m, got[m], !got[m])
				}
			}
		}
	}
}
