package schedule

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func FuzzParseWeekly(f *testing.F) {
	for _, seed := range []string{
		`{"tue": [["14:00","17:00"]]}`,
		`{"mon": [["09:00","12:00"],["13:00","17:00"]], "sun": [["00:00","24:00"]]}`,
		`{"tue": [["17:00","09:00"]]}`,
		`{"mon": [["09:00","12:00"],["11:00","13:00"]]}`,
		`{"xyz": [["09:00"]]}`,
		`{"wed": [["24:00","24:00"]], "thu": [["-1:00","+2:00"]]}`,
		`{"fri": [["02:30","03:00"]]}`,
	} {
		f.Add(seed)
	}
	zones := []*time.Location{mustLoc(f, "America/New_York"), mustLoc(f, "Australia/Lord_Howe"), mustLoc(f, "Asia/Kolkata")}
	window := Interval{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, data string) {
		var raw map[string][][]string
		if json.Unmarshal([]byte(data), &raw) != nil {
			return
		}
		w, err := ParseWeekly("checkin_windows", raw)
		if err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 || !strings.HasPrefix(verr.Problems[0].Field, "checkin_windows") {
				t.Fatalf("ParseWeekly error %v is not a *ValidationError naming the field", err)
			}
			return
		}
		back, err := ParseWeekly("x", w.Raw())
		if err != nil || !sameWeekly(back, w) {
			t.Fatalf("round trip: got %v, %v; want %v", back, err, w)
		}
		for _, loc := range zones {
			set := w.In(loc, window)
			if !set.valid() {
				t.Fatalf("In(%v) = %v is not a valid Set", loc, set)
			}
			for _, v := range set {
				if !window.Contains(v) {
					t.Fatalf("In(%v): %v outside the window", loc, v)
				}
			}
		}
	})
}

func sameWeekly(a, b Weekly) bool {
	for d := range a {
		if len(a[d]) != len(b[d]) {
			return false
		}
		for i := range a[d] {
			if a[d][i] != b[d][i] {
				return false
			}
		}
	}
	return true
}

func FuzzPropose(f *testing.F) {
	f.Add(uint8(0), uint8(1), int64(0), uint16(24*14), int8(30), int16(5), int16(24), int16(90), `{"tue":[["14:00","17:00"]]}`, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	f.Add(uint8(2), uint8(3), int64(5_000_000), uint16(24*7), int8(15), int16(0), int16(0), int16(0), `{"sun":[["00:00","24:00"]]}`, []byte{})
	f.Add(uint8(3), uint8(3), int64(14_000_000), uint16(24), int8(10), int16(-1), int16(-5), int16(-1), `{}`, []byte{255, 255, 255, 255})
	f.Add(uint8(4), uint8(0), int64(-1), uint16(9999), int8(45), int16(30), int16(48), int16(30), `{"mon":[["09:00","09:15"]]}`, []byte{0, 0, 0, 30, 0, 5, 0, 5})
	zones := make([]*time.Location, len(propertyZones))
	for i, name := range propertyZones {
		zones[i] = mustLoc(f, name)
	}
	allDay := Weekly{}
	for d := range allDay {
		allDay[d] = []Span{{Start: 0, End: 1440}}
	}
	origin := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, mz, ez uint8, startMin int64, hours uint16, dur int8, buf, notice, capMin int16, windows string, busy []byte) {
		var raw map[string][][]string
		if json.Unmarshal([]byte(windows), &raw) != nil {
			return
		}
		w, err := ParseWeekly("checkin_windows", raw)
		if err != nil {
			return
		}
		start := origin.Add(time.Duration(startMin%(60*24*365*50)) * time.Minute)
		r := Request{
			Cycle:         Cycle{Start: start, End: start.Add(time.Duration(hours) * time.Hour)},
			Duration:      time.Duration(dur) * time.Minute,
			Now:           start.Add(-time.Hour),
			Mentor:        Party{Loc: zones[int(mz)%len(zones)], Hours: w},
			Mentee:        Party{Loc: zones[int(ez)%len(zones)], Hours: allDay},
			MentorWindows: w,
			Buffer:        time.Duration(buf) * time.Minute,
			MinNotice:     time.Duration(notice) * time.Hour,
			WeeklyCap:     time.Duration(capMin) * time.Minute,
			Limit:         5,
		}
		for i := 0; i+4 <= len(busy) && i < 4*200; i += 4 {
			s := start.Add(time.Duration(binary.BigEndian.Uint16(busy[i:])) * time.Minute * 7)
			iv := Interval{Start: s, End: s.Add(time.Duration(busy[i+2]) * time.Minute)}
			if busy[i+3]%2 == 0 {
				r.Mentor.Busy = append(r.Mentor.Busy, iv)
			} else {
				r.Mentee.Busy = append(r.Mentee.Busy, iv)
			}
		}
		p, err := Propose(r)
		if err != nil {
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 {
				t.Fatalf("Propose error %v is not a *ValidationError", err)
			}
			return
		}
		if (p.Reason == "") != (len(p.Slots) > 0) {
			t.Fatalf("%d slots with reason %q", len(p.Slots), p.Reason)
		}
		for _, s := range p.Slots {
			if rule := satisfies(r, Interval{Start: s.Start, End: s.End}); rule != "" {
				t.Fatalf("slot %v breaks rule %s", s.Start, rule)
			}
			if err := Check(r, s.Start); err != nil {
				t.Fatalf("Check(%v) rejects a proposed slot: %v", s.Start, err)
			}
		}
	})
}
