package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

// benchRequest builds a request over the cycle with n busy intervals per
// person, spread over the cycle, 15 to 60 minutes long.
func benchRequest(b *testing.B, cycle Cycles, k, n int) Request {
	b.Helper()
	cyc, err := cycle.At(k)
	if err != nil {
		b.Fatal(err)
	}
	ny, lon := cycle.Loc, mustLoc(b, "Europe/London")
	hours := mustWeekly(b, weekdays9to5)
	rng := rand.New(rand.NewPCG(7, 7))
	minutes := int(cyc.End.Sub(cyc.Start) / time.Minute)
	busy := func() Set {
		ivs := make([]Interval, n)
		for i := range ivs {
			s := cyc.Start.Add(time.Duration(rng.IntN(minutes)) * time.Minute)
			ivs[i] = Interval{Start: s, End: s.Add(time.Duration(15+rng.IntN(46)) * time.Minute)}
		}
		return NewSet(ivs...)
	}
	prev := cyc.Start.Add(-14*24*time.Hour + 14*time.Hour)
	return Request{
		Cycle:         cyc,
		Duration:      30 * time.Minute,
		Now:           cyc.Start.Add(-time.Hour),
		Mentor:        Party{Loc: ny, Hours: hours, Busy: busy()},
		Mentee:        Party{Loc: lon, Hours: hours, Busy: busy()},
		MentorWindows: hours,
		Buffer:        5 * time.Minute,
		MinNotice:     24 * time.Hour,
		WeeklyCap:     90 * time.Minute,
		MentorCheckIns: []Interval{
			{Start: cyc.Start.Add(33 * time.Hour), End: cyc.Start.Add(33*time.Hour + 30*time.Minute)},
		},
		Previous: &prev,
		Limit:    5,
	}
}

func runPropose(b *testing.B, r Request) {
	b.ReportAllocs()
	var slots int
	for b.Loop() {
		p, err := Propose(r)
		if err != nil {
			b.Fatal(err)
		}
		slots = len(p.Slots)
	}
	if slots == 0 {
		b.Fatal("benchmark request has no slots")
	}
}

func BenchmarkPropose14Days500Busy(b *testing.B) {
	ny := mustLoc(b, "America/New_York")
	c := Cycles{StartsOn: Date{2026, 10, 19}, Cadence: &Cadence{Every: 2, Unit: Week}, Loc: ny}
	runPropose(b, benchRequest(b, c, 0, 500))
}

func BenchmarkPropose366Days10000Busy(b *testing.B) {
	ny := mustLoc(b, "America/New_York")
	c := Cycles{StartsOn: Date{2027, 3, 1}, Cadence: &Cadence{Every: 12, Unit: Month}, Loc: ny}
	r := benchRequest(b, c, 0, 10000)
	if d := r.Cycle.End.Sub(r.Cycle.Start); d < 365*24*time.Hour {
		b.Fatalf("cycle lasts %v, want 366 days", d)
	}
	runPropose(b, r)
}

func BenchmarkCheck366Days10000Busy(b *testing.B) {
	ny := mustLoc(b, "America/New_York")
	c := Cycles{StartsOn: Date{2027, 3, 1}, Cadence: &Cadence{Every: 12, Unit: Month}, Loc: ny}
	r := benchRequest(b, c, 0, 10000)
	cands, err := Candidates(r)
	if err != nil || len(cands) == 0 {
		b.Fatalf("no candidates: %v", err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := Check(r, cands[len(cands)/2].Start); err != nil {
			b.Fatal(err)
		}
	}
}
