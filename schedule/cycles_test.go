package schedule

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestCyclesAt(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	tests := []struct {
		name      string
		c         Cycles
		k         int
		wantStart string
		wantEnd   string
	}{
		{"biweekly k=0", Cycles{StartsOn: Date{2026, 11, 23}, Cadence: &Cadence{2, Week}, Loc: ny}, 0, "2026-11-23 00:00", "2026-12-07 00:00"},
		{"weekly across DST", Cycles{StartsOn: Date{2026, 3, 2}, Cadence: &Cadence{1, Week}, Loc: ny}, 1, "2026-03-09 00:00", "2026-03-16 00:00"},
		{"month from 31st k=1 clamps", Cycles{StartsOn: Date{2027, 1, 31}, Cadence: &Cadence{1, Month}, Loc: ny}, 1, "2027-02-28 00:00", "2027-03-31 00:00"},
		{"month from 31st leap year", Cycles{StartsOn: Date{2028, 1, 31}, Cadence: &Cadence{1, Month}, Loc: ny}, 0, "2028-01-31 00:00", "2028-02-29 00:00"},
		{"month from 31st k=3", Cycles{StartsOn: Date{2027, 1, 31}, Cadence: &Cadence{1, Month}, Loc: ny}, 3, "2027-04-30 00:00", "2027-05-31 00:00"},
		{"quarterly across year", Cycles{StartsOn: Date{2026, 11, 30}, Cadence: &Cadence{3, Month}, Loc: ny}, 1, "2027-02-28 00:00", "2027-05-30 00:00"},
		{"situational is 4 weeks", Cycles{StartsOn: Date{2026, 11, 23}, Loc: ny}, 0, "2026-11-23 00:00", "2026-12-21 00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.c.At(tt.k)
			if err != nil {
				t.Fatal(err)
			}
			ws, we := at(t, ny, tt.wantStart), at(t, ny, tt.wantEnd)
			if got.Index != tt.k || !got.Start.Equal(ws) || !got.End.Equal(we) {
				t.Errorf("got %d [%v, %v), want %d [%v, %v)", got.Index, got.Start, got.End, tt.k, ws, we)
			}
		})
	}
}

func TestCyclesErrors(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	tests := []struct {
		name      string
		c         Cycles
		k         int
		wantField string
	}{
		{"every 0", Cycles{StartsOn: Date{2026, 1, 1}, Cadence: &Cadence{0, Week}, Loc: ny}, 0, "cadence.every"},
		{"unit day", Cycles{StartsOn: Date{2026, 1, 1}, Cadence: &Cadence{1, "day"}, Loc: ny}, 0, "cadence.unit"},
		{"negative sessions", Cycles{StartsOn: Date{2026, 1, 1}, Cadence: &Cadence{1, Week}, Sessions: -1, Loc: ny}, 0, "sessions"},
		{"no start", Cycles{Cadence: &Cadence{1, Week}, Loc: ny}, 0, "starts_on"},
		{"Feb 30", Cycles{StartsOn: Date{2026, 2, 30}, Cadence: &Cadence{1, Week}, Loc: ny}, 0, "starts_on"},
		{"past sessions", Cycles{StartsOn: Date{2026, 1, 1}, Cadence: &Cadence{1, Week}, Sessions: 6, Loc: ny}, 6, "cycle"},
		{"negative index", Cycles{StartsOn: Date{2026, 1, 1}, Cadence: &Cadence{1, Week}, Loc: ny}, -1, "cycle"},
		{"situational k=1", Cycles{StartsOn: Date{2026, 1, 1}, Loc: ny}, 1, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.c.At(tt.k)
			var verr *ValidationError
			if !errors.As(err, &verr) || verr.Problems[0].Field != tt.wantField {
				t.Fatalf("got %v, want a *ValidationError for %q", err, tt.wantField)
			}
		})
	}
}

func TestCyclesContainingAndNext(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	c := Cycles{StartsOn: Date{2027, 1, 31}, Cadence: &Cadence{1, Month}, Sessions: 4, Loc: ny}
	tests := []struct {
		name    string
		t       string
		wantK   int
		wantOK  bool
		taken   []int
		wantNxt int // -1: none
	}{
		{"before the first", "2027-01-30 23:59", 0, false, nil, 0},
		{"first instant", "2027-01-31 00:00", 0, true, nil, 0},
		{"last instant of cycle 0", "2027-02-27 23:59", 0, true, nil, 0},
		{"clamped start of cycle 1", "2027-02-28 00:00", 1, true, nil, 1},
		{"cycle 3", "2027-05-15 12:00", 3, true, nil, 3},
		{"after the last", "2027-05-31 00:00", 0, false, nil, -1},
		{"next skips taken", "2027-03-01 09:00", 1, true, []int{1, 2}, 3},
		{"all taken", "2027-03-01 09:00", 1, true, []int{1, 2, 3}, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			now := at(t, ny, tt.t)
			got, ok := c.Containing(now)
			if ok != tt.wantOK || (ok && got.Index != tt.wantK) {
				t.Errorf("Containing: got %d, %v; want %d, %v", got.Index, ok, tt.wantK, tt.wantOK)
			}
			taken := func(k int) bool {
				for _, x := range tt.taken {
					if x == k {
						return true
					}
				}
				return false
			}
			nxt, ok := c.Next(now, taken)
			if (tt.wantNxt < 0) == ok || (ok && nxt.Index != tt.wantNxt) {
				t.Errorf("Next: got %d, %v; want %d", nxt.Index, ok, tt.wantNxt)
			}
		})
	}
}

func TestCyclesContainingMatchesAt(t *testing.T) {
	t.Parallel()
	lh := mustLoc(t, "Australia/Lord_Howe")
	for _, cad := range []Cadence{{1, Week}, {3, Week}, {1, Month}, {5, Month}} {
		c := Cycles{StartsOn: Date{2026, 1, 31}, Cadence: &cad, Loc: lh}
		for k := range 40 {
			cyc, err := c.At(k)
			if err != nil {
				t.Fatal(err)
			}
			for _, probe := range []time.Time{cyc.Start, cyc.End.Add(-time.Nanosecond), cyc.Start.Add(cyc.End.Sub(cyc.Start) / 2)} {
				got, ok := c.Containing(probe)
				if !ok || got != cyc {
					t.Fatalf("%v: Containing(%v) = %v, %v; want %v", cad, probe, got, ok, cyc)
				}
			}
		}
	}
}

func TestJSONShapes(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 12, 8, 14, 30, 0, 0, time.FixedZone("EST", -5*3600))
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"cycle", Cycle{Index: 3, Start: start, End: start.Add(time.Hour)},
			`{"index":3,"starts_at":"2026-12-08T14:30:00-05:00","ends_at":"2026-12-08T15:30:00-05:00"}`},
		{"slot", Slot{Start: start, End: start.Add(30 * time.Minute), Score: 0.92, Reasons: []string{"x"}},
			`{"start":"2026-12-08T14:30:00-05:00","end":"2026-12-08T15:00:00-05:00","score":0.92,"reasons":["x"]}`},
	}
	for _, tt := range tests {
		got, err := json.Marshal(tt.v)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s: got %s, %v; want %s", tt.name, got, err, tt.want)
		}
	}
}

func TestCyclesEdgeCases(t *testing.T) {
	t.Parallel()
	// Chile moves its clocks from 24:00 to 01:00: the cycle starts at the
	// first instant of the day, 01:00 -03.
	scl := mustLoc(t, "America/Santiago")
	c := Cycles{StartsOn: Date{2026, 9, 6}, Cadence: &Cadence{1, Week}, Loc: scl}
	got, err := c.At(0)
	if want := "2026-09-06T01:00:00-03:00"; err != nil || got.Start.Format(time.RFC3339) != want {
		t.Errorf("got %v, %v; want start %s", got.Start, err, want)
	}
	// An open-ended agreement whose every cycle is taken ends the search.
	open := Cycles{StartsOn: Date{2026, 1, 5}, Cadence: &Cadence{1, Week}, Loc: scl}
	if cyc, ok := open.Next(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), func(int) bool { return true }); ok {
		t.Errorf("got %v, want no cycle", cyc)
	}
	// Before the first cycle, Next is cycle 0.
	if cyc, ok := open.Next(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), nil); !ok || cyc.Index != 0 {
		t.Errorf("got %v, %v; want cycle 0", cyc, ok)
	}
}
