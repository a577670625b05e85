package calendar

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/mentorship/checkins/schedule"
)

// cacheDay is one UTC day of one calendar's busy time, as stored.
type cacheDay struct {
	Fetched    int64      `json:"f"` // Unix ms of the fetch from the source
	FreshUntil int64      `json:"u"` // Unix ms until which it is served as fresh
	Busy       [][2]int64 `json:"b"` // Unix ms [start, end) pairs within the day
}

func (d *cacheDay) fresh(now time.Time) bool { return now.UnixMilli() < d.FreshUntil }

func (d *cacheDay) usableStale(now time.Time, staleFor time.Duration) bool {
	return now.UnixMilli() < d.FreshUntil+staleFor.Milliseconds()
}

func (d *cacheDay) encode() []byte {
	b, _ := json.Marshal(d) // a struct of integers always marshals
	return b
}

func decodeCacheDay(b []byte) (*cacheDay, error) {
	var d cacheDay
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("decode cache entry: %w", err)
	}
	return &d, nil
}

// dayKey is the key of one calendar's day under a generation.
func dayKey(gen int64, calendarID string, day time.Time) string {
	return "fb:" + strconv.FormatInt(gen, 10) + ":" + calendarID + ":" + day.Format(time.DateOnly)
}

// genKey is the key of a calendar's generation.
func genKey(calendarID string) string { return "fbgen:" + calendarID }

// utcDays returns the start of every UTC day that window touches.
func utcDays(window schedule.Interval) []time.Time {
	s := window.Start.UTC()
	first := time.Date(s.Year(), s.Month(), s.Day(), 0, 0, 0, 0, time.UTC)
	var days []time.Time
	for d := first; d.Before(window.End); d = d.Add(24 * time.Hour) {
		days = append(days, d)
	}
	return days
}

// splitDays cuts sorted busy intervals (covering [days[0], last day's end))
// into one cacheDay per day.
func splitDays(ivs []schedule.Interval, days []time.Time, fetched, freshUntil time.Time) []*cacheDay {
	out := make([]*cacheDay, len(days))
	for i, d := range days {
		cd := &cacheDay{Fetched: fetched.UnixMilli(), FreshUntil: freshUntil.UnixMilli(), Busy: [][2]int64{}}
		for _, x := range clipIntervals(ivs, schedule.Interval{Start: d, End: d.Add(24 * time.Hour)}) {
			cd.Busy = append(cd.Busy, [2]int64{x.Start.UnixMilli(), x.End.UnixMilli()})
		}
		out[i] = cd
	}
	return out
}

// assemble joins days into the answer for window.
func assemble(days []*cacheDay, window schedule.Interval) Busy {
	var ivs []schedule.Interval
	var oldest int64
	for i, d := range days {
		if i == 0 || d.Fetched < oldest {
			oldest = d.Fetched
		}
		for _, p := range d.Busy {
			ivs = append(ivs, schedule.Interval{Start: time.UnixMilli(p[0]).UTC(), End: time.UnixMilli(p[1]).UTC()})
		}
	}
	return Busy{Intervals: clipIntervals(mergeIntervals(ivs), window), FetchedAt: time.UnixMilli(oldest).UTC()}
}
