package schedule

import (
	"errors"
	"testing"
	"time"
)

func TestWeeklyInDST(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	lh := mustLoc(t, "Australia/Lord_Howe")
	kol := mustLoc(t, "Asia/Kolkata")
	tests := []struct {
		name      string
		loc       *time.Location
		day       string // the civil date, "2006-01-02"
		span      [2]string
		wantStart string // RFC 3339; "" means the span is empty that day
		wantLen   time.Duration
	}{
		{"NY normal day", ny, "2026-03-03", [2]string{"09:00", "17:00"}, "2026-03-03T09:00:00-05:00", 8 * time.Hour},
		{"NY spring-forward day 9-5", ny, "2026-03-08", [2]string{"09:00", "17:00"}, "2026-03-08T09:00:00-04:00", 8 * time.Hour},
		{"NY fall-back day 9-5", ny, "2026-11-01", [2]string{"09:00", "17:00"}, "2026-11-01T09:00:00-05:00", 8 * time.Hour},
		{"NY whole spring day is 23h", ny, "2026-03-08", [2]string{"00:00", "24:00"}, "2026-03-08T00:00:00-05:00", 23 * time.Hour},
		{"NY whole fall day is 25h", ny, "2026-11-01", [2]string{"00:00", "24:00"}, "2026-11-01T00:00:00-04:00", 25 * time.Hour},
		{"NY span inside skipped hour is empty", ny, "2026-03-08", [2]string{"02:00", "03:00"}, "", 0},
		{"NY start in skipped hour moves to the jump", ny, "2026-03-08", [2]string{"02:30", "04:00"}, "2026-03-08T03:00:00-04:00", time.Hour},
		{"NY end in repeated hour is first occurrence", ny, "2026-11-01", [2]string{"00:00", "01:30"}, "2026-11-01T00:00:00-04:00", 90 * time.Minute},
		{"NY span over repeated hour has both", ny, "2026-11-01", [2]string{"00:00", "02:00"}, "2026-11-01T00:00:00-04:00", 3 * time.Hour},
		{"Lord Howe skipped half hour", lh, "2026-10-04", [2]string{"02:15", "03:00"}, "2026-10-04T02:30:00+11:00", 30 * time.Minute},
		{"Lord Howe 9-5 on change day", lh, "2026-10-04", [2]string{"09:00", "17:00"}, "2026-10-04T09:00:00+11:00", 8 * time.Hour},
		{"Lord Howe repeated half hour first occurrence", lh, "2026-04-05", [2]string{"01:45", "03:00"}, "2026-04-05T01:45:00+11:00", 105 * time.Minute},
		{"Kolkata half-hour offset", kol, "2026-03-10", [2]string{"09:30", "10:15"}, "2026-03-10T09:30:00+05:30", 45 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			d, err := time.ParseInLocation(time.DateOnly, tt.day, tt.loc)
			if err != nil {
				t.Fatal(err)
			}
			key := dayKeys[d.Weekday()]
			w := mustWeekly(t, map[string][][]string{key: {{tt.span[0], tt.span[1]}}})
			window := Interval{Start: d.Add(-48 * time.Hour), End: d.Add(72 * time.Hour)}
			got := w.In(tt.loc, window)
			if tt.wantStart == "" {
				if len(got) != 0 {
					t.Fatalf("got %v, want no interval", got)
				}
				return
			}
			want, _ := time.Parse(time.RFC3339, tt.wantStart)
			if len(got) != 1 || !got[0].Start.Equal(want) || got[0].Duration() != tt.wantLen {
				t.Fatalf("got %v, want one interval from %v lasting %v", got, want, tt.wantLen)
			}
		})
	}
}

func TestWeeklyInClipsAndMerges(t *testing.T) {
	t.Parallel()
	ny := mustLoc(t, "America/New_York")
	w := mustWeekly(t, map[string][][]string{"mon": {{"22:00", "24:00"}}, "tue": {{"00:00", "02:00"}, {"09:00", "10:00"}}})
	got := w.In(ny, Interval{Start: at(t, ny, "2026-03-02 23:00"), End: at(t, ny, "2026-03-03 09:30")})
	want := Set{
		{Start: at(t, ny, "2026-03-02 23:00"), End: at(t, ny, "2026-03-03 02:00")},
		{Start: at(t, ny, "2026-03-03 09:00"), End: at(t, ny, "2026-03-03 09:30")},
	}
	if !sameSet(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestParseWeeklyErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		raw       map[string][][]string
		wantField string
	}{
		{"end before start", map[string][][]string{"tue": {{"17:00", "09:00"}}}, "checkin_windows.tue[0]"},
		{"bad day", map[string][][]string{"tuesday": {{"09:00", "17:00"}}}, "checkin_windows.tuesday"},
		{"bad clock", map[string][][]string{"mon": {{"9:00", "17:00"}}}, "checkin_windows.mon[0]"},
		{"25:00", map[string][][]string{"mon": {{"09:00", "25:00"}}}, "checkin_windows.mon[0]"},
		{"overlap", map[string][][]string{"mon": {{"09:00", "12:00"}, {"11:00", "13:00"}}}, "checkin_windows.mon"},
		{"not a pair", map[string][][]string{"mon": {{"09:00"}}}, "checkin_windows.mon[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseWeekly("checkin_windows", tt.raw)
			var verr *ValidationError
			if !errors.As(err, &verr) || len(verr.Problems) == 0 || verr.Problems[0].Field != tt.wantField {
				t.Fatalf("got %v, want a *ValidationError for %q", err, tt.wantField)
			}
		})
	}
}

func TestLoadZone(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", "Local", "Mars/Olympus", "../etc/passwd"} {
		_, err := LoadZone("mentor.time_zone", name)
		var verr *ValidationError
		if !errors.As(err, &verr) || verr.Problems[0].Field != "mentor.time_zone" {
			t.Errorf("LoadZone(%q): got %v, want a *ValidationError for mentor.time_zone", name, err)
		}
	}
	loc, err := LoadZone("time_zone", "Asia/Kolkata")
	if err != nil || loc.String() != "Asia/Kolkata" {
		t.Errorf("LoadZone(Asia/Kolkata) = %v, %v; want the zone", loc, err)
	}
}

func TestCore(t *testing.T) {
	t.Parallel()
	w := mustWeekly(t, map[string][][]string{"mon": {{"08:00", "16:00"}, {"18:00", "20:00"}}})
	got := w.Core()
	if len(got[time.Monday]) != 1 || got[time.Monday][0] != (Span{Start: 9 * 60, End: 15 * 60}) {
		t.Errorf("got %v, want mon 09:00-15:00 only", got[time.Monday])
	}
}
