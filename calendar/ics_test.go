package calendar

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// vcal wraps VEVENT bodies (lines separated by \n) into a calendar.
func vcal(events ...string) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n")
	for _, e := range events {
		b.WriteString("BEGIN:VEVENT\r\n")
		b.WriteString(strings.ReplaceAll(strings.TrimSpace(e), "\n", "\r\n"))
		b.WriteString("\r\nEND:VEVENT\r\n")
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func iv(start, end time.Time) schedule.Interval { return schedule.Interval{Start: start, End: end} }

func fmtIntervals(ivs []schedule.Interval) string {
	var parts []string
	for _, x := range ivs {
		parts = append(parts, x.Start.UTC().Format(time.RFC3339)+"/"+x.End.UTC().Format(time.RFC3339))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func writeICS(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cal.ics")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestICSBusy(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, ny) }
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		name   string
		ics    string
		window schedule.Interval
		want   []schedule.Interval
	}{
		{
			name: "weekly across DST keeps local time",
			ics: vcal(`UID:w1
DTSTART;TZID=America/New_York:20260302T100000
DTEND;TZID=America/New_York:20260302T103000
RRULE:FREQ=WEEKLY;BYDAY=MO
SUMMARY:secret`),
			window: iv(at(2026, 3, 1, 0, 0), at(2026, 3, 16, 0, 0)),
			want: []schedule.Interval{
				iv(at(2026, 3, 2, 10, 0), at(2026, 3, 2, 10, 30)), // 15:00Z (EST)
				iv(at(2026, 3, 9, 10, 0), at(2026, 3, 9, 10, 30)), // 14:00Z (EDT)
			},
		},
		{
			name: "EXDATE removes an instance",
			ics: vcal(`UID:x1
DTSTART;TZID=America/New_York:20260302T100000
DTEND;TZID=America/New_York:20260302T103000
RRULE:FREQ=DAILY;COUNT=3
EXDATE;TZID=America/New_York:20260303T100000`),
			window: iv(at(2026, 3, 1, 0, 0), at(2026, 3, 10, 0, 0)),
			want: []schedule.Interval{
				iv(at(2026, 3, 2, 10, 0), at(2026, 3, 2, 10, 30)),
				iv(at(2026, 3, 4, 10, 0), at(2026, 3, 4, 10, 30)),
			},
		},
		{
			name: "RECURRENCE-ID override moves one instance",
			ics: vcal(`UID:r1
DTSTART:20260302T150000Z
DTEND:20260302T153000Z
RRULE:FREQ=DAILY;COUNT=3`, `UID:r1
RECURRENCE-ID:20260303T150000Z
DTSTART:20260303T180000Z
DTEND:20260303T183000Z`),
			window: iv(utc(2026, 3, 1, 0, 0), utc(2026, 3, 10, 0, 0)),
			want: []schedule.Interval{
				iv(utc(2026, 3, 2, 15, 0), utc(2026, 3, 2, 15, 30)),
				iv(utc(2026, 3, 3, 18, 0), utc(2026, 3, 3, 18, 30)),
				iv(utc(2026, 3, 4, 15, 0), utc(2026, 3, 4, 15, 30)),
			},
		},
		{
			name: "cancelled override frees an instance",
			ics: vcal(`UID:r2
DTSTART:20260302T150000Z
DTEND:20260302T153000Z
RRULE:FREQ=DAILY;COUNT=2`, `UID:r2
RECURRENCE-ID:20260302T150000Z
DTSTART:20260302T150000Z
DTEND:20260302T153000Z
STATUS:CANCELLED`),
			window: iv(utc(2026, 3, 1, 0, 0), utc(2026, 3, 10, 0, 0)),
			want:   []schedule.Interval{iv(utc(2026, 3, 3, 15, 0), utc(2026, 3, 3, 15, 30))},
		},
		{
			name: "transparent and cancelled are free",
			ics: vcal(`UID:t1
DTSTART:20260302T150000Z
DTEND:20260302T160000Z
TRANSP:TRANSPARENT`, `UID:c1
DTSTART:20260302T170000Z
DTEND:20260302T180000Z
STATUS:CANCELLED`, `UID:b1
DTSTART:20260302T190000Z
DTEND:20260302T200000Z
TRANSP:OPAQUE
STATUS:CONFIRMED`),
			window: iv(utc(2026, 3, 2, 0, 0), utc(2026, 3, 3, 0, 0)),
			want:   []schedule.Interval{iv(utc(2026, 3, 2, 19, 0), utc(2026, 3, 2, 20, 0))},
		},
		{
			name: "all-day event in the calendar zone",
			ics: "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:America/New_York\r\nBEGIN:VEVENT\r\nUID:a1\r\n" +
				"DTSTART;VALUE=DATE:20260305\r\nDTEND;VALUE=DATE:20260306\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
			window: iv(at(2026, 3, 1, 0, 0), at(2026, 3, 10, 0, 0)),
			want:   []schedule.Interval{iv(at(2026, 3, 5, 0, 0), at(2026, 3, 6, 0, 0))},
		},
		{
			name: "all-day without DTEND lasts a day, floating in UTC",
			ics: vcal(`UID:a2
DTSTART;VALUE=DATE:20260305`),
			window: iv(utc(2026, 3, 1, 0, 0), utc(2026, 3, 10, 0, 0)),
			want:   []schedule.Interval{iv(utc(2026, 3, 5, 0, 0), utc(2026, 3, 6, 0, 0))},
		},
		{
			name: "DURATION instead of DTEND",
			ics: vcal(`UID:d1
DTSTART;TZID=America/New_York:20260302T090000
DURATION:PT1H30M`),
			window: iv(at(2026, 3, 1, 0, 0), at(2026, 3, 10, 0, 0)),
			want:   []schedule.Interval{iv(at(2026, 3, 2, 9, 0), at(2026, 3, 2, 10, 30))},
		},
		{
			name: "clipped to the window and merged",
			ics: vcal(`UID:m1
DTSTART:20260302T080000Z
DTEND:20260302T110000Z`, `UID:m2
DTSTART:20260302T100000Z
DTEND:20260302T130000Z`),
			window: iv(utc(2026, 3, 2, 9, 0), utc(2026, 3, 2, 12, 0)),
			want:   []schedule.Interval{iv(utc(2026, 3, 2, 9, 0), utc(2026, 3, 2, 12, 0))},
		},
		{
			name: "RDATE adds an instance, Mozilla-style TZID",
			ics: vcal(`UID:rd
DTSTART;TZID=/mozilla.org/20050126_1/America/New_York:20260302T100000
DTEND;TZID=/mozilla.org/20050126_1/America/New_York:20260302T110000
RDATE;TZID=America/New_York:20260305T140000,20260306T140000`),
			window: iv(at(2026, 3, 1, 0, 0), at(2026, 3, 10, 0, 0)),
			want: []schedule.Interval{
				iv(at(2026, 3, 2, 10, 0), at(2026, 3, 2, 11, 0)),
				iv(at(2026, 3, 5, 14, 0), at(2026, 3, 5, 15, 0)),
				iv(at(2026, 3, 6, 14, 0), at(2026, 3, 6, 15, 0)),
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := NewICS(ICSOptions{})
			path := writeICS(t, tc.ics)
			res, err := p.FreeBusy(context.Background(), []string{path}, tc.window)
			if err != nil {
				t.Fatalf("FreeBusy: %v", err)
			}
			b := res[path]
			if b.Err != nil {
				t.Fatalf("Busy.Err = %v, want nil", b.Err)
			}
			if got, want := fmtIntervals(b.Intervals), fmtIntervals(tc.want); got != want {
				t.Errorf("got %s, want %s", got, want)
			}
		})
	}
}

func TestICSErrors(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/ok.ics":
			w.Header().Set("Content-Type", "text/calendar")
			fmt.Fprint(w, vcal("UID:h1\nDTSTART:20260302T150000Z\nDTEND:20260302T160000Z"))
		case "/boom.ics":
			http.Error(w, "boom", http.StatusInternalServerError)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	window := iv(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC))
	garbage := writeICS(t, "this is not a calendar")
	hostile := writeICS(t, vcal("UID:s\nDTSTART:20260302T150000Z\nDTEND:20260302T150001Z\nRRULE:FREQ=SECONDLY"))
	tests := []struct {
		name, id string
		want     error // nil: success with one busy hour
	}{
		{"http ok", srv.URL + "/ok.ics", nil},
		{"http 404", srv.URL + "/missing.ics", checkins.ErrCalendarNotFound},
		{"http 500", srv.URL + "/boom.ics", checkins.ErrUnavailable},
		{"missing file", filepath.Join(t.TempDir(), "nope.ics"), checkins.ErrCalendarNotFound},
		{"garbage", garbage, checkins.ErrUnavailable},
		{"secondly rule refused", hostile, checkins.ErrUnavailable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			res, err := NewICS(ICSOptions{}).FreeBusy(context.Background(), []string{tc.id}, window)
			if err != nil {
				t.Fatalf("FreeBusy: %v", err)
			}
			b, ok := res[tc.id]
			if !ok {
				t.Fatalf("no entry for %s", tc.id)
			}
			if tc.want == nil {
				if b.Err != nil || len(b.Intervals) != 1 {
					t.Fatalf("got %s err %v, want one interval", fmtIntervals(b.Intervals), b.Err)
				}
				return
			}
			if !errors.Is(b.Err, tc.want) {
				t.Fatalf("got err %v, want %v", b.Err, tc.want)
			}
			var ce *checkins.CalendarError
			if !errors.As(b.Err, &ce) || ce.CalendarID != tc.id {
				t.Fatalf("got %#v, want *CalendarError for %s", b.Err, tc.id)
			}
			if len(b.Intervals) != 0 {
				t.Errorf("got intervals %s with an error, want none", fmtIntervals(b.Intervals))
			}
		})
	}
}

func TestICSFetchedAtUsesClock(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	path := writeICS(t, vcal("UID:f\nDTSTART:20260302T150000Z\nDTEND:20260302T160000Z"))
	p := NewICS(ICSOptions{Now: func() time.Time { return fixed }})
	res, err := p.FreeBusy(context.Background(), []string{path}, iv(fixed, fixed.AddDate(0, 3, 0)))
	if err != nil {
		t.Fatal(err)
	}
	if got := res[path].FetchedAt; !got.Equal(fixed) {
		t.Errorf("got FetchedAt %v, want %v", got, fixed)
	}
}

// FuzzICS feeds arbitrary bytes to the parser and expander: no panic, no
// hang (the fuzzer's per-input timeout catches hangs).
func FuzzICS(f *testing.F) {
	f.Add([]byte(vcal("UID:a\nDTSTART;TZID=America/New_York:20260302T100000\nDURATION:PT1H\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE;INTERVAL=2\nEXDATE;TZID=America/New_York:20260304T100000")))
	f.Add([]byte(vcal("UID:b\nDTSTART;VALUE=DATE:20260302\nRRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=5", "UID:b\nRECURRENCE-ID;VALUE=DATE:20260331\nDTSTART;VALUE=DATE:20260401")))
	f.Add([]byte(vcal("UID:c\nDTSTART:20260302T150000Z\nDTEND:20260302T153000Z\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")))
	f.Add([]byte("BEGIN:VCALENDAR\r\nX;A=\"b\"c:d\r\nEND:VCALENDAR\r\n"))
	window := iv(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := busyFromICS(context.Background(), "fuzz", data, window, time.Time{})
		for i, x := range b.Intervals {
			if !x.End.After(x.Start) || x.Start.Before(window.Start) || x.End.After(window.End) {
				t.Fatalf("interval %d %v outside window or empty", i, x)
			}
			if i > 0 && !x.Start.After(b.Intervals[i-1].End) {
				t.Fatalf("intervals not sorted and merged: %s", fmtIntervals(b.Intervals))
			}
		}
	})
}

func TestICSHostileRulesAreBounded(t *testing.T) {
	t.Parallel()
	var events []string
	for i := 0; i < 200; i++ {
		events = append(events, fmt.Sprintf("UID:h%d\nDTSTART:19000302T150000Z\nDTEND:19000302T153000Z\nRRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	window := iv(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC))
	done := make(chan Busy, 1)
	go func() { done <- busyFromICS(ctx, "h", []byte(vcal(events...)), window, time.Time{}) }()
	select {
	case b := <-done:
		if !errors.Is(b.Err, checkins.ErrUnavailable) {
			t.Errorf("got err %v, want ErrUnavailable after the deadline", b.Err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("200 never-matching rules still expanding after 5s, want a stop at the 300ms deadline")
	}
}
