package calendar

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// freeSlots counts the 30-minute slots starting on a quarter hour inside
// the given local windows of one day that stay clear of busy widened by
// buffer.
func freeSlots(day time.Time, windows [][2]int, busy []schedule.Interval, buffer time.Duration) int {
	n := 0
	for _, w := range windows {
		y, m, d := day.Date()
		start := time.Date(y, m, d, w[0], 0, 0, 0, day.Location())
		end := time.Date(y, m, d, w[1], 0, 0, 0, day.Location())
		for s := start; !s.Add(30 * time.Minute).After(end); s = s.Add(15 * time.Minute) {
			e := s.Add(30 * time.Minute)
			clear := true
			for _, b := range busy {
				if s.Before(b.End.Add(buffer)) && e.After(b.Start.Add(-buffer)) {
					clear = false
					break
				}
			}
			if clear {
				n++
			}
		}
	}
	return n
}

func TestDemoMentorHasRoomEveryWeek(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	d := NewDemo(func() time.Time { return time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC) })
	rng := rand.New(rand.NewPCG(1, 2))
	firstMonday := time.Date(2026, 11, 23, 0, 0, 0, 0, ny)
	morning := map[time.Weekday][][2]int{time.Tuesday: {{9, 12}}, time.Wednesday: {{10, 12}}, time.Thursday: {{9, 12}}}
	afternoon := map[time.Weekday][][2]int{time.Tuesday: {{14, 17}}, time.Thursday: {{14, 17}}}
	for i := 0; i < 20; i++ {
		monday := firstMonday.AddDate(0, 0, 7*rng.IntN(52*4))
		window := iv(monday, monday.AddDate(0, 0, 7))
		res, err := d.FreeBusy(context.Background(), []string{DemoMentorCalendar}, window)
		if err != nil {
			t.Fatalf("FreeBusy: %v", err)
		}
		b := res[DemoMentorCalendar]
		if b.Err != nil || len(b.Intervals) < 10 {
			t.Fatalf("week of %s: got %d intervals, err %v; want a busy week", monday.Format(time.DateOnly), len(b.Intervals), b.Err)
		}
		var am, pm int
		for day := monday; day.Before(window.End); day = day.AddDate(0, 0, 1) {
			am += freeSlots(day, morning[day.Weekday()], b.Intervals, 10*time.Minute)
			pm += freeSlots(day, afternoon[day.Weekday()], b.Intervals, 10*time.Minute)
		}
		if am < 3 || pm < 3 {
			t.Errorf("week of %s: got %d morning and %d afternoon free slots, want >= 3 each", monday.Format(time.DateOnly), am, pm)
		}
		// The Wednesday focus block (11:00-12:00) is transparent: free.
		wed := monday.AddDate(0, 0, 2)
		focus := iv(wed.Add(11*time.Hour), wed.Add(12*time.Hour))
		for _, x := range b.Intervals {
			if x.Start.Before(focus.End) && x.End.After(focus.Start) {
				t.Errorf("week of %s: busy %v overlaps the transparent focus block", monday.Format(time.DateOnly), x)
			}
		}
	}
}

func TestDemoCalendars(t *testing.T) {
	t.Parallel()
	ny := mustZone(t, "America/New_York")
	d := NewDemo(time.Now)
	staff := func(y int, m time.Month, day int) schedule.Interval {
		return iv(time.Date(y, m, day, 10, 0, 0, 0, ny), time.Date(y, m, day, 11, 0, 0, 0, ny))
	}
	res, err := d.FreeBusy(context.Background(), []string{DemoMentorCalendar, DemoMenteeCalendar, "nobody@example.com"},
		iv(time.Date(2025, 12, 22, 0, 0, 0, 0, ny), time.Date(2026, 1, 5, 0, 0, 0, 0, ny)))
	if err != nil {
		t.Fatalf("FreeBusy: %v", err)
	}
	has := func(ivs []schedule.Interval, want schedule.Interval) bool {
		for _, x := range ivs {
			if !x.Start.After(want.Start) && !x.End.Before(want.End) {
				return true
			}
		}
		return false
	}
	mentor := res[DemoMentorCalendar].Intervals
	if !has(mentor, staff(2025, 12, 22)) {
		t.Errorf("staff meeting of 2025-12-22 missing from %s", fmtIntervals(mentor))
	}
	if has(mentor, staff(2025, 12, 29)) {
		t.Errorf("staff meeting of 2025-12-29 is busy, want it removed by EXDATE")
	}
	if b := res[DemoMenteeCalendar]; b.Err != nil || len(b.Intervals) == 0 {
		t.Errorf("mentee: got %d intervals, err %v; want some busy time", len(b.Intervals), b.Err)
	}
	if err := res["nobody@example.com"].Err; !errors.Is(err, checkins.ErrCalendarNotFound) {
		t.Errorf("unknown id: got err %v, want ErrCalendarNotFound", err)
	}
}
