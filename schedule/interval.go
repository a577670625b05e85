package schedule

import (
	"slices"
	"sort"
	"time"
)

// Interval is the half-open range of instants [Start, End).
type Interval struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// Duration is End - Start.
func (i Interval) Duration() time.Duration { return i.End.Sub(i.Start) }

// Empty reports whether the interval contains no instant.
func (i Interval) Empty() bool { return !i.End.After(i.Start) }

// Contains reports whether every instant of o lies in i (o non-empty).
func (i Interval) Contains(o Interval) bool {
	return !o.Start.Before(i.Start) && !o.End.After(i.End)
}

// Overlaps reports whether i and o share an instant.
func (i Interval) Overlaps(o Interval) bool {
	return i.Start.Before(o.End) && o.Start.Before(i.End)
}

// Set is a sorted list of non-empty, non-overlapping, non-touching
// intervals. The zero value is the empty set. Operations on Sets never
// modify their operands and run in linear time in the sizes of the inputs
// (Clip in logarithmic time).
type Set []Interval

// NewSet builds a Set from arbitrary intervals: it drops empty ones, sorts
// them and merges those that overlap or touch.
func NewSet(ivs ...Interval) Set {
	out := make(Set, 0, len(ivs))
	for _, iv := range ivs {
		if !iv.Empty() {
			out = append(out, iv)
		}
	}
	slices.SortFunc(out, func(a, b Interval) int { return a.Start.Compare(b.Start) })
	return out.merged()
}

// merged merges overlapping or touching neighbours of a sorted list in place.
func (s Set) merged() Set {
	if len(s) == 0 {
		return nil
	}
	n := 0
	for _, iv := range s[1:] {
		if !iv.Start.After(s[n].End) {
			if iv.End.After(s[n].End) {
				s[n].End = iv.End
			}
			continue
		}
		n++
		s[n] = iv
	}
	return s[:n+1]
}

// Duration is the total length of the intervals of s.
func (s Set) Duration() time.Duration {
	var d time.Duration
	for _, iv := range s {
		d += iv.Duration()
	}
	return d
}

// Union returns the instants in s or in o.
func (s Set) Union(o Set) Set {
	if len(s) == 0 {
		return slices.Clone(o)
	}
	if len(o) == 0 {
		return slices.Clone(s)
	}
	out := make(Set, 0, len(s)+len(o))
	i, j := 0, 0
	for i < len(s) || j < len(o) {
		var next Interval
		if j >= len(o) || (i < len(s) && s[i].Start.Before(o[j].Start)) {
			next, i = s[i], i+1
		} else {
			next, j = o[j], j+1
		}
		if n := len(out); n > 0 && !next.Start.After(out[n-1].End) {
			if next.End.After(out[n-1].End) {
				out[n-1].End = next.End
			}
			continue
		}
		out = append(out, next)
	}
	return out
}

// Intersect returns the instants in both s and o.
func (s Set) Intersect(o Set) Set {
	var out Set
	i, j := 0, 0
	for i < len(s) && j < len(o) {
		start, end := maxTime(s[i].Start, o[j].Start), minTime(s[i].End, o[j].End)
		if start.Before(end) {
			out = append(out, Interval{Start: start, End: end})
		}
		if s[i].End.Before(o[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
}

// Subtract returns the instants in s and not in o.
func (s Set) Subtract(o Set) Set {
	var out Set
	j := 0
	for _, iv := range s {
		cur := iv
		for j < len(o) && !o[j].End.After(cur.Start) {
			j++
		}
		for k := j; k < len(o) && o[k].Start.Before(cur.End); k++ {
			if o[k].Start.After(cur.Start) {
				out = append(out, Interval{Start: cur.Start, End: o[k].Start})
			}
			cur.Start = o[k].End
			if !cur.Start.Before(cur.End) {
				break
			}
		}
		if cur.Start.Before(cur.End) {
			out = append(out, cur)
		}
	}
	return out
}

// Clip returns the part of s inside w. The result shares no memory with s.
func (s Set) Clip(w Interval) Set {
	if w.Empty() {
		return nil
	}
	lo := sort.Search(len(s), func(i int) bool { return s[i].End.After(w.Start) })
	hi := sort.Search(len(s), func(i int) bool { return !s[i].Start.Before(w.End) })
	if lo >= hi {
		return nil
	}
	out := slices.Clone(s[lo:hi])
	if out[0].Start.Before(w.Start) {
		out[0].Start = w.Start
	}
	if out[len(out)-1].End.After(w.End) {
		out[len(out)-1].End = w.End
	}
	return out
}

// Widen grows every interval by d on both sides and merges the results.
// A negative d is treated as zero.
func (s Set) Widen(d time.Duration) Set {
	out := slices.Clone(s)
	if d <= 0 || len(out) == 0 {
		return out
	}
	for i := range out {
		out[i].Start = out[i].Start.Add(-d)
		out[i].End = out[i].End.Add(d)
	}
	return out.merged()
}

// Covers reports whether one interval of s contains all of iv.
func (s Set) Covers(iv Interval) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].End.After(iv.Start) })
	return i < len(s) && s[i].Contains(iv)
}

// Hits reports whether some interval of s overlaps iv.
func (s Set) Hits(iv Interval) bool {
	i := sort.Search(len(s), func(i int) bool { return s[i].End.After(iv.Start) })
	return i < len(s) && s[i].Start.Before(iv.End)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// valid reports whether s is sorted with non-empty, non-touching members.
func (s Set) valid() bool {
	for i, iv := range s {
		if iv.Empty() || (i > 0 && !iv.Start.After(s[i-1].End)) {
			return false
		}
	}
	return true
}

// normal returns s when it is a valid Set and NewSet(s...) otherwise, so
// callers may pass unsorted calendar data.
func normal(s Set) Set {
	if s.valid() {
		return s
	}
	return NewSet(s...)
}
