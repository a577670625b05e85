package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

// req is a base request: NY mentor and London mentee, both 9-5 weekdays,
// a one-week cycle from Monday 2026-03-02 (New York), 30 minutes.
func req(t testing.TB) Request {
	ny, lon := mustLoc(t, "America/New_York"), mustLoc(t, "Europe/London")
	hours := mustWeekly(t, weekdays9to5)
	return Request{
		Cycle:         Cycle{Start: at(t, ny, "2026-03-02 00:00"), End: at(t, ny, "2026-03-09 00:00")},
		Duration:      30 * time.Minute,
		Now:           at(t, ny, "2026-02-20 00:00"),
		Mentor:        Party{Loc: ny, Hours: hours},
		Mentee:        Party{Loc: lon, Hours: hours},
		MentorWindows: hours,
		Limit:         1000,
	}
}

func candStarts(t *testing.T, r Request) []string {
	t.Helper()
	c, err := Candidates(r)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(c))
	for i, v := range c {
		out[i] = v.Start.In(r.Mentor.Loc).Format("Mon 01-02 15:04")
	}
	return out
}

func TestProposeNewYorkLondonOffsets(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		from, to  string // cycle, New York local
		wantCount int
		wantLast  string // last candidate, New York local
	}{
		{"usual 5h: overlap 09-12", "2026-03-02 00:00", "2026-03-07 00:00", 5 * 11, "Fri 03-06 11:30"},
		{"US on DST, UK not (4h)", "2026-03-09 00:00", "2026-03-14 00:00", 5 * 15, "Fri 03-13 12:30"},
		{"last odd week", "2026-03-23 00:00", "2026-03-28 00:00", 5 * 15, "Fri 03-27 12:30"},
		{"both on DST again (5h)", "2026-03-30 00:00", "2026-04-04 00:00", 5 * 11, "Fri 04-03 11:30"},
		{"UK off DST, US not (4h)", "2026-10-26 00:00", "2026-10-31 00:00", 5 * 15, "Fri 10-30 12:30"},
		{"both off DST (5h)", "2026-11-02 00:00", "2026-11-07 00:00", 5 * 11, "Fri 11-06 11:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := req(t)
			r.Cycle = Cycle{Start: at(t, r.Mentor.Loc, tt.from), End: at(t, r.Mentor.Loc, tt.to)}
			got := candStarts(t, r)
			if len(got) != tt.wantCount || got[len(got)-1] != tt.wantLast {
				t.Fatalf("got %d slots ending %q, want %d ending %q", len(got), got[len(got)-1], tt.wantCount, tt.wantLast)
			}
			if got[0][4:] != tt.from[5:10]+" 09:00" {
				t.Errorf("first slot %q, want 09:00 on the first day", got[0])
			}
		})
	}
}

func TestProposeKolkataQuarterHours(t *testing.T) {
	t.Parallel()
	r := req(t)
	kol := mustLoc(t, "Asia/Kolkata")
	r.Mentor = Party{Loc: kol, Hours: mustWeekly(t, weekdays9to5),
		Busy: Set{{Start: at(t, kol, "2026-03-03 14:00"), End: at(t, kol, "2026-03-03 14:20")}}}
	r.MentorWindows = mustWeekly(t, map[string][][]string{"tue": {{"14:00", "15:30"}}})
	r.Mentee = Party{Loc: time.UTC, Hours: mustWeekly(t, map[string][][]string{"tue": {{"00:00", "24:00"}}})}
	r.Cycle = Cycle{Start: at(t, kol, "2026-03-02 00:00"), End: at(t, kol, "2026-03-09 00:00")}
	got := candStarts(t, r)
	want := []string{"Tue 03-03 14:30", "Tue 03-03 14:45", "Tue 03-03 15:00"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	c, _ := Candidates(r)
	if utc := c[0].Start.UTC().Format("15:04"); utc != "09:00" {
		t.Errorf("first slot in UTC %s, want 09:00", utc)
	}
	var rej *Rejection
	if err := Check(r, at(t, kol, "2026-03-03 14:20")); !errors.As(err, &rej) || rej.Rule != RuleQuarterHour {
		t.Errorf("Check(14:20) = %v, want RuleQuarterHour", err)
	}
}

func TestProposeLordHowe(t *testing.T) {
	t.Parallel()
	r := req(t)
	lh := mustLoc(t, "Australia/Lord_Howe")
	allDay := mustWeekly(t, map[string][][]string{"sun": {{"00:00", "24:00"}}})
	r.Mentor = Party{Loc: lh, Hours: allDay}
	r.Mentee = Party{Loc: lh, Hours: allDay}
	r.MentorWindows = mustWeekly(t, map[string][][]string{"sun": {{"01:00", "04:00"}}})
	r.Cycle = Cycle{Start: at(t, lh, "2026-10-04 00:00"), End: at(t, lh, "2026-10-05 00:00")}
	got := candStarts(t, r)
	want := []string{"Sun 10-04 01:00", "Sun 10-04 01:15", "Sun 10-04 01:30", "Sun 10-04 01:45",
		"Sun 10-04 02:30", "Sun 10-04 02:45", "Sun 10-04 03:00", "Sun 10-04 03:15", "Sun 10-04 03:30"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	c, _ := Candidates(r)
	for _, s := range c {
		if s.Duration() != 30*time.Minute {
			t.Errorf("slot %v lasts %v, want 30m", s.Start, s.Duration())
		}
	}
}

func TestProposeBufferAndBusy(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		buffer     time.Duration
		menteeBusy []string
		want       []string
		wantReason string
	}{
		{"buffer exactly fills the gap", 5 * time.Minute, nil, []string{"Tue 03-03 11:00"}, ""},
		{"one more minute of buffer", 6 * time.Minute, nil, nil, "fully booked"},
		{"no buffer", 0, nil, []string{"Tue 03-03 11:00"}, ""},
		{"mentee busy widened by mentor buffer", 5 * time.Minute, []string{"2026-03-03 11:34", "2026-03-03 11:40"}, nil, "fully booked"},
		{"mentee busy just clear", 5 * time.Minute, []string{"2026-03-03 11:35", "2026-03-03 11:40"}, []string{"Tue 03-03 11:00"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := req(t)
			ny := r.Mentor.Loc
			r.Mentee.Loc = ny
			r.MentorWindows = mustWeekly(t, map[string][][]string{"tue": {{"10:00", "12:00"}}})
			r.Mentor.Busy = Set{
				{Start: at(t, ny, "2026-03-03 10:00"), End: at(t, ny, "2026-03-03 10:55")},
				{Start: at(t, ny, "2026-03-03 11:35"), End: at(t, ny, "2026-03-03 12:00")},
			}
			if tt.menteeBusy != nil {
				r.Mentee.Busy = Set{{Start: at(t, ny, tt.menteeBusy[0]), End: at(t, ny, tt.menteeBusy[1])}}
			}
			r.Buffer = tt.buffer
			got := candStarts(t, r)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			p, err := Propose(r)
			if err != nil || p.Reason != tt.wantReason || len(p.Slots) != len(tt.want) {
				t.Fatalf("Propose: got %d slots, reason %q, err %v; want %d, %q", len(p.Slots), p.Reason, err, len(tt.want), tt.wantReason)
			}
		})
	}
}

func TestProposeWeeklyCap(t *testing.T) {
	t.Parallel()
	r := req(t)
	ny := r.Mentor.Loc
	r.Mentee.Loc = ny
	r.WeeklyCap = 90 * time.Minute
	r.MentorWindows = mustWeekly(t, map[string][][]string{"mon": {{"09:00", "09:30"}}, "thu": {{"09:00", "09:30"}}})
	booked := func(days ...string) []Interval {
		var out []Interval
		for _, d := range days {
			s := at(t, ny, d+" 13:00")
			out = append(out, Interval{Start: s, End: s.Add(30 * time.Minute)})
		}
		return out
	}
	// A two-week cycle: Mon 2 Mar to Mon 16 Mar 2026.
	r.Cycle = Cycle{Start: at(t, ny, "2026-03-02 00:00"), End: at(t, ny, "2026-03-16 00:00")}
	tests := []struct {
		name       string
		checkIns   []Interval
		duration   time.Duration
		want       []string
		wantReason string
	}{
		{"under the cap", booked("2026-03-02", "2026-03-03"), 30 * time.Minute,
			[]string{"Mon 03-02 09:00", "Thu 03-05 09:00", "Mon 03-09 09:00", "Thu 03-12 09:00"}, ""},
		{"reached mid-week", booked("2026-03-03", "2026-03-03", "2026-03-04"), 30 * time.Minute,
			[]string{"Mon 03-09 09:00", "Thu 03-12 09:00"}, ""},
		{"15 minutes still fit", booked("2026-03-03", "2026-03-03"), 15 * time.Minute,
			[]string{"Mon 03-02 09:00", "Mon 03-02 09:15", "Thu 03-05 09:00", "Thu 03-05 09:15",
				"Mon 03-09 09:00", "Mon 03-09 09:15", "Thu 03-12 09:00", "Thu 03-12 09:15"}, ""},
		{"Sunday check-in counts for its own week", booked("2026-03-08", "2026-03-08", "2026-03-08"), 30 * time.Minute,
			[]string{"Mon 03-09 09:00", "Thu 03-12 09:00"}, ""},
		{"both weeks full", booked("2026-03-03", "2026-03-03", "2026-03-04", "2026-03-10", "2026-03-10", "2026-03-11"), 30 * time.Minute,
			nil, "weekly cap of 90 minutes reached"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := r
			r.MentorCheckIns = tt.checkIns
			r.Duration = tt.duration
			got := candStarts(t, r)
			if !slices.Equal(got, tt.want) && !(len(got) == 0 && len(tt.want) == 0) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			p, _ := Propose(r)
			if p.Reason != tt.wantReason {
				t.Errorf("reason %q, want %q", p.Reason, tt.wantReason)
			}
		})
	}
	if tests[3].checkIns[0].Start.Weekday() != time.Sunday {
		t.Fatalf("test setup: want a Sunday")
	}
}

func TestProposeReasons(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		edit   func(r *Request)
		reason string
	}{
		{"no windows", func(r *Request) { r.MentorWindows = Weekly{} }, "no check-in window in this cycle"},
		{"no window that week", func(r *Request) {
			r.MentorWindows = mustWeekly(t, map[string][][]string{"sat": {{"09:00", "17:00"}}})
			r.Cycle.End = r.Cycle.Start.Add(5 * 24 * time.Hour)
		}, "no check-in window in this cycle"},
		{"no overlap", func(r *Request) { r.Mentee.Loc = mustLoc(t, "Asia/Tokyo") }, "the mentor's check-in windows do not overlap the mentee's working hours in this cycle"},
		{"notice", func(r *Request) {
			r.Now = r.Cycle.End.Add(-30 * time.Hour)
			r.MinNotice = 24 * time.Hour
			r.MentorWindows = mustWeekly(t, map[string][][]string{"mon": {{"09:00", "17:00"}}, "tue": {{"09:00", "17:00"}}})
		}, "minimum notice of 24 hours leaves no time in this cycle"},
		{"over", func(r *Request) { r.Now = r.Cycle.End }, "this cycle is already over"},
		{"fully booked", func(r *Request) {
			r.Mentee.Busy = Set{{Start: r.Cycle.Start, End: r.Cycle.End}}
		}, "fully booked"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := req(t)
			tt.edit(&r)
			p, err := Propose(r)
			if err != nil || len(p.Slots) != 0 || p.Slots == nil || p.Reason != tt.reason {
				t.Fatalf("got %d slots, reason %q, err %v; want none, %q", len(p.Slots), p.Reason, err, tt.reason)
			}
		})
	}
}

func TestProposeRanking(t *testing.T) {
	t.Parallel()
	r := req(t)
	ny := r.Mentor.Loc
	r.Mentee.Loc = mustLoc(t, "America/Chicago")
	r.Mentee.Hours = mustWeekly(t, map[string][][]string{"mon": {{"08:00", "17:00"}}, "tue": {{"08:00", "17:00"}},
		"wed": {{"08:00", "17:00"}}, "thu": {{"08:00", "17:00"}}, "fri": {{"08:00", "17:00"}}})
	prev := at(t, ny, "2026-02-17 14:00") // a Tuesday
	r.Previous = &prev
	r.Mentor.Busy = Set{{Start: at(t, ny, "2026-03-04 13:00"), End: at(t, ny, "2026-03-04 14:00")}}
	r.Limit = 5
	p, err := Propose(r)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Slots) != 5 || p.Reason != "" {
		t.Fatalf("got %d slots, reason %q; want 5 and no reason", len(p.Slots), p.Reason)
	}
	top := p.Slots[0]
	if top.Start.Format("Mon 15:04 MST") != "Tue 14:00 EST" || !slices.Contains(top.Reasons, "same weekday and time as the last check-in") {
		t.Errorf("top slot %v %v, want Tue 14:00 with the rhythm reason", top.Start, top.Reasons)
	}
	if top.Start.Location() != ny {
		t.Errorf("slot zone %v, want the mentor's", top.Start.Location())
	}
	perDay := map[int]int{}
	for i, s := range p.Slots {
		perDay[s.Start.YearDay()]++
		if s.Score < 0 || s.Score > 1 {
			t.Errorf("slot %d score %v outside [0,1]", i, s.Score)
		}
		if i > 0 && s.Score > p.Slots[i-1].Score {
			t.Errorf("slot %d score %v above slot %d's %v", i, s.Score, i-1, p.Slots[i-1].Score)
		}
	}
	for day, n := range perDay {
		if n > 2 {
			t.Errorf("day %d has %d slots, want at most 2", day, n)
		}
	}
	// Wednesday 14:00 is right after a meeting.
	r.Previous = nil
	r.Limit = 1000
	p, _ = Propose(r)
	var wed14, mon9 *Slot
	for i, s := range p.Slots {
		switch s.Start.Format("Mon 15:04") {
		case "Wed 14:00":
			wed14 = &p.Slots[i]
		case "Mon 09:00":
			mon9 = &p.Slots[i]
		}
	}
	if wed14 == nil || !slices.Contains(wed14.Reasons, "next to your other meetings, keeps your focus time intact") {
		t.Errorf("Wed 14:00 = %+v, want the focus-time reason", wed14)
	}
	// 09:00 New York is 08:00 for the Chicago mentee: their first hour.
	if mon9 == nil || !slices.Contains(mon9.Reasons, "outside the mentee's core hours (08:00 for them)") {
		t.Errorf("Mon 09:00 = %+v, want the mentee-core reason", mon9)
	}
	// Deterministic.
	again, _ := Propose(r)
	for i := range p.Slots {
		if !p.Slots[i].Start.Equal(again.Slots[i].Start) || p.Slots[i].Score != again.Slots[i].Score {
			t.Fatalf("slot %d differs between runs", i)
		}
	}
}

func TestProposeDiversityFallsBack(t *testing.T) {
	t.Parallel()
	r := req(t)
	r.Mentee.Loc = r.Mentor.Loc
	r.MentorWindows = mustWeekly(t, map[string][][]string{"wed": {{"09:00", "17:00"}}})
	r.Limit = 5
	p, _ := Propose(r)
	if len(p.Slots) != 5 {
		t.Fatalf("got %d slots, want 5 from the only day", len(p.Slots))
	}
}

func TestRequestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(r *Request)
		field string
	}{
		{"duration 10", func(r *Request) { r.Duration = 10 * time.Minute }, "duration_minutes"},
		{"duration 45", func(r *Request) { r.Duration = 45 * time.Minute }, "duration_minutes"},
		{"no mentor zone", func(r *Request) { r.Mentor.Loc = nil }, "mentor.time_zone"},
		{"no mentee zone", func(r *Request) { r.Mentee.Loc = nil }, "mentee.time_zone"},
		{"negative buffer", func(r *Request) { r.Buffer = -time.Minute }, "buffer_minutes"},
		{"negative notice", func(r *Request) { r.MinNotice = -time.Hour }, "min_notice_hours"},
		{"negative cap", func(r *Request) { r.WeeklyCap = -time.Minute }, "max_checkin_minutes_per_week"},
		{"empty cycle", func(r *Request) { r.Cycle.End = r.Cycle.Start }, "cycle"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := req(t)
			tt.edit(&r)
			for _, err := range []error{r.Validate(), func() error { _, err := Propose(r); return err }(), Check(r, r.Cycle.Start)} {
				var verr *ValidationError
				if !errors.As(err, &verr) || verr.Problems[0].Field != tt.field {
					t.Errorf("got %v, want a *ValidationError for %q", err, tt.field)
				}
			}
		})
	}
}

func TestCheckRules(t *testing.T) {
	t.Parallel()
	r := req(t)
	ny := r.Mentor.Loc
	r.Now = at(t, ny, "2026-03-02 10:00")
	r.MinNotice = 2 * time.Hour
	r.Mentor.Busy = Set{{Start: at(t, ny, "2026-03-03 10:00"), End: at(t, ny, "2026-03-03 11:00")}}
	r.Buffer = 10 * time.Minute
	r.WeeklyCap = 30 * time.Minute
	r.MentorCheckIns = []Interval{{Start: at(t, ny, "2026-03-09 13:00"), End: at(t, ny, "2026-03-09 13:30")}}
	r.Cycle.End = at(t, ny, "2026-03-16 00:00")
	tests := []struct {
		start string
		want  Rule
	}{
		{"2026-03-03 09:10", RuleQuarterHour},
		{"2026-03-01 09:00", RuleCycle},
		{"2026-03-02 11:45", RuleNotice},
		{"2026-03-03 16:45", RuleWindow},
		{"2026-03-03 08:00", RuleWindow},
		{"2026-03-03 11:45", RuleMenteeHours}, // 16:45 London: ends after 17:00
		{"2026-03-03 09:45", RuleBusy},
		{"2026-03-03 11:15", ""},
		{"2026-03-10 09:00", RuleCap},
		{"2026-03-04 11:30", ""},
	}
	for _, tt := range tests {
		err := Check(r, at(t, ny, tt.start))
		var rej *Rejection
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%s) = %v, want nil", tt.start, err)
		case tt.want != "" && (!errors.As(err, &rej) || rej.Rule != tt.want):
			t.Errorf("Check(%s) = %v, want rule %s", tt.start, err, tt.want)
		case rej != nil && !strings.Contains(rej.Error(), string(rej.Rule)):
			t.Errorf("Error() %q does not name the rule", rej.Error())
		}
	}
}
