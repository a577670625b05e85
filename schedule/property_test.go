package schedule

import (
	"math/rand/v2"
	"testing"
	"time"
)

var propertyZones = []string{
	"America/New_York", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe",
	"Asia/Kathmandu", "Pacific/Chatham", "UTC", "America/Sao_Paulo", "Africa/Casablanca",
}

// dstDays are civil dates near clock changes in several of propertyZones.
var dstDays = []Date{{2026, 3, 8}, {2026, 3, 29}, {2026, 10, 4}, {2026, 10, 25}, {2026, 11, 1}, {2026, 4, 5}, {2026, 6, 15}}

func randWeekly(rng *rand.Rand) Weekly {
	var w Weekly
	for day := range w {
		if rng.IntN(4) == 0 {
			continue
		}
		at := Clock(rng.IntN(20) * 60 / 5 * 5)
		for range 1 + rng.IntN(2) {
			start := at + Clock(rng.IntN(12)*5)
			end := start + Clock(30+rng.IntN(60)*5)
			if end > 1440 {
				break
			}
			w[day] = append(w[day], Span{Start: start, End: end})
			at = end + 5
		}
	}
	return w
}

func randBusy(rng *rand.Rand, around Interval, n int) Set {
	var out Set
	minutes := int(around.Duration() / time.Minute)
	for range n {
		s := around.Start.Add(time.Duration(rng.IntN(minutes)) * time.Minute)
		out = append(out, Interval{Start: s, End: s.Add(time.Duration(5+rng.IntN(180)) * time.Minute)})
	}
	return out // deliberately unsorted and overlapping: the package must cope
}

func randRequest(t testing.TB, rng *rand.Rand) Request {
	mLoc := mustLoc(t, propertyZones[rng.IntN(len(propertyZones))])
	eLoc := mustLoc(t, propertyZones[rng.IntN(len(propertyZones))])
	day := addDays(dstDays[rng.IntN(len(dstDays))], -rng.IntN(10))
	start := day.Midnight(mLoc)
	end := addDays(day, 1+rng.IntN(21)).Midnight(mLoc)
	cyc := Interval{Start: start, End: end}
	r := Request{
		Cycle:         Cycle{Index: rng.IntN(5), Start: start, End: end},
		Duration:      time.Duration(15+rng.IntN(16)) * time.Minute,
		Now:           start.Add(time.Duration(rng.IntN(int(cyc.Duration()/time.Minute)+4320)-4320) * time.Minute),
		Mentor:        Party{Loc: mLoc, Hours: randWeekly(rng), Busy: randBusy(rng, cyc, rng.IntN(60))},
		Mentee:        Party{Loc: eLoc, Hours: randWeekly(rng), Busy: randBusy(rng, cyc, rng.IntN(60))},
		MentorWindows: randWeekly(rng),
		Buffer:        time.Duration(rng.IntN(4)*5) * time.Minute,
		MinNotice:     time.Duration(rng.IntN(4)*12) * time.Hour,
		Limit:         1 + rng.IntN(8),
	}
	if rng.IntN(3) == 0 { // a mentee free all day makes overlaps (and slots) common
		for d := range r.Mentee.Hours {
			r.Mentee.Hours[d] = []Span{{Start: 0, End: 1440}}
		}
	}
	if rng.IntN(2) == 0 {
		r.WeeklyCap = time.Duration(15+rng.IntN(8)*15) * time.Minute
	}
	for range rng.IntN(6) {
		s := start.Add(time.Duration(rng.IntN(int(cyc.Duration()/time.Minute))) * time.Minute)
		r.MentorCheckIns = append(r.MentorCheckIns, Interval{Start: s, End: s.Add(time.Duration(15+rng.IntN(16)) * time.Minute)})
	}
	if rng.IntN(2) == 0 {
		p := start.Add(-time.Duration(rng.IntN(30*96)) * 15 * time.Minute)
		r.Previous = &p
	}
	return r
}

// satisfies checks slot against every rule by brute force over the raw,
// unmerged inputs; it returns the first broken rule or "".
func satisfies(r Request, slot Interval) string {
	s, e := slot.Start, slot.End
	if e.Sub(s) != r.Duration {
		return "duration"
	}
	if s.Before(r.Cycle.Start) || e.After(r.Cycle.End) {
		return "cycle"
	}
	if l := s.In(r.Mentor.Loc); l.Minute()%15 != 0 || l.Second() != 0 || l.Nanosecond() != 0 {
		return "quarter hour"
	}
	if s.Before(r.Now.Add(r.MinNotice)) {
		return "notice"
	}
	inside := func(set Set) bool {
		for _, v := range set {
			if !s.Before(v.Start) && !e.After(v.End) {
				return true
			}
		}
		return false
	}
	if !inside(r.MentorWindows.In(r.Mentor.Loc, r.Cycle.Interval())) {
		return "mentor window"
	}
	if !inside(r.Mentee.Hours.In(r.Mentee.Loc, r.Cycle.Interval())) {
		return "mentee hours"
	}
	for _, list := range [][]Interval{r.Mentor.Busy, r.Mentee.Busy, r.MentorCheckIns} {
		for _, b := range list {
			if b.Start.Add(-r.Buffer).Before(e) && s.Before(b.End.Add(r.Buffer)) {
				return "busy"
			}
		}
	}
	if r.WeeklyCap > 0 {
		y, w := s.In(r.Mentor.Loc).ISOWeek()
		used := r.Duration
		for _, c := range r.MentorCheckIns {
			if cy, cw := c.Start.In(r.Mentor.Loc).ISOWeek(); cy == y && cw == w {
				used += c.Duration()
			}
		}
		if used > r.WeeklyCap {
			return "cap"
		}
	}
	return ""
}

const propertyIterations = 1000

func TestProposeProperties(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(20261121, 2))
	total := 0
	for i := range propertyIterations {
		r := randRequest(t, rng)
		cands, err := Candidates(r)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		total += len(cands)
		set := make(map[int64]bool, len(cands))
		for _, c := range cands {
			if rule := satisfies(r, c); rule != "" {
				t.Fatalf("case %d: candidate %v breaks rule %s", i, c.Start, rule)
			}
			if c.Start.Location() != r.Mentor.Loc {
				t.Fatalf("case %d: candidate in %v, want the mentor's zone", i, c.Start.Location())
			}
			set[c.Start.UnixNano()] = true
		}
		// Completeness: Check agrees with Candidates on every quarter hour.
		for s := alignUp(r.Cycle.Start, r.Mentor.Loc); s.Before(r.Cycle.End); s = s.Add(quarter) {
			err := Check(r, s)
			if (err == nil) != set[s.UnixNano()] {
				t.Fatalf("case %d: Check(%v) = %v but in candidates = %v", i, s, err, set[s.UnixNano()])
			}
			if err == nil && satisfies(r, Interval{Start: s, End: s.Add(r.Duration)}) != "" {
				t.Fatalf("case %d: Check(%v) accepts a slot breaking a rule", i, s)
			}
		}
		// Removing a busy interval or a check-in never removes a slot.
		fewer := r
		switch k := rng.IntN(3); {
		case k == 0 && len(r.Mentor.Busy) > 0:
			fewer.Mentor.Busy = removeAt(r.Mentor.Busy, rng.IntN(len(r.Mentor.Busy)))
		case k == 1 && len(r.Mentee.Busy) > 0:
			fewer.Mentee.Busy = removeAt(r.Mentee.Busy, rng.IntN(len(r.Mentee.Busy)))
		case len(r.MentorCheckIns) > 0:
			fewer.MentorCheckIns = removeAt(r.MentorCheckIns, rng.IntN(len(r.MentorCheckIns)))
		}
		more, _ := Candidates(fewer)
		moreSet := make(map[int64]bool, len(more))
		for _, c := range more {
			moreSet[c.Start.UnixNano()] = true
		}
		for _, c := range cands {
			if !moreSet[c.Start.UnixNano()] {
				t.Fatalf("case %d: removing a busy interval removed slot %v", i, c.Start)
			}
		}
		checkProposal(t, i, r, cands)
	}
	t.Logf("%d random requests, %d candidate slots checked", propertyIterations, total)
}

func removeAt[S ~[]E, E any](s S, i int) S {
	out := make(S, 0, len(s)-1)
	out = append(out, s[:i]...)
	return append(out, s[i+1:]...)
}

func checkProposal(t *testing.T, i int, r Request, cands []Interval) {
	t.Helper()
	p, err := Propose(r)
	if err != nil {
		t.Fatalf("case %d: Propose: %v", i, err)
	}
	if want := min(r.Limit, len(cands)); len(p.Slots) != want || (p.Reason == "") != (len(p.Slots) > 0) {
		t.Fatalf("case %d: %d slots, reason %q; want %d slots", i, len(p.Slots), p.Reason, want)
	}
	in := make(map[int64]bool)
	for _, c := range cands {
		in[c.Start.UnixNano()] = true
	}
	perDay := map[Date]int{}
	picked := map[int64]bool{}
	for j, s := range p.Slots {
		if !in[s.Start.UnixNano()] || s.Score < 0 || s.Score > 1 || s.Reasons == nil {
			t.Fatalf("case %d: slot %+v not admissible or badly scored", i, s)
		}
		if j > 0 && s.Score > p.Slots[j-1].Score {
			t.Fatalf("case %d: slots not best first", i)
		}
		perDay[DateOf(s.Start)]++
		picked[s.Start.UnixNano()] = true
	}
	for day, n := range perDay {
		if n <= maxPerDay {
			continue
		}
		for _, c := range cands {
			if d := DateOf(c.Start); !picked[c.Start.UnixNano()] && d != day && perDay[d] < maxPerDay {
				t.Fatalf("case %d: %d slots on %v while %v had room", i, n, day, d)
			}
		}
	}
}
