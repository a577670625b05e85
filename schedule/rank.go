package schedule

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// Ranking weights; a slot's score is their weighted sum, in [0, 1].
const (
	weightRhythm = 0.35 // same weekday and time as the previous check-in
	weightFocus  = 0.25 // next to the mentor's meetings (or a free block's edge)
	weightCore   = 0.25 // inside both people's core hours
	weightEarly  = 0.15 // earlier in the cycle
)

// maxPerDay is how many slots of one mentor-local day the top Limit may
// hold while another day still has slots to offer.
const maxPerDay = 2

// rankFlags records why a candidate scored what it did.
type rankFlags struct {
	sameTime, sameDay   bool
	nextToMeeting, edge bool
	mentorCore          bool
	menteeCore          bool
	early               bool
}

// rank scores every candidate, sorts them best first (ties: earlier
// first) and picks the top Limit with at most maxPerDay per day unless
// no other day has any slot left.
func (p *plan) rank(cands []candidate) []Slot {
	r := p.r
	mLoc := r.Mentor.Loc
	around := Interval{Start: p.cycle.Start.Add(-24 * time.Hour), End: p.cycle.End.Add(24 * time.Hour)}
	meetings := normal(r.Mentor.Busy).Clip(around).Union(p.checkIns)
	mentorCore := r.Mentor.Hours.Core().In(mLoc, p.cycle)
	menteeCore := r.Mentee.Hours.Core().In(r.Mentee.Loc, p.cycle)
	var prev time.Time
	if r.Previous != nil {
		prev = r.Previous.In(mLoc)
	}
	near := r.Buffer + quarter
	span := p.cycle.Duration().Seconds()
	for i := range cands {
		c := &cands[i]
		slot := Interval{Start: c.start, End: c.start.Add(r.Duration)}
		f := rankFlags{edge: c.edge}
		if r.Previous != nil {
			l := c.start.In(mLoc)
			f.sameDay = l.Weekday() == prev.Weekday()
			f.sameTime = f.sameDay && l.Hour() == prev.Hour() && l.Minute() == prev.Minute()
		}
		f.nextToMeeting = adjacent(meetings, slot, near)
		f.mentorCore = mentorCore.Covers(slot)
		f.menteeCore = menteeCore.Covers(slot)
		frac := c.start.Sub(p.cycle.Start).Seconds() / span
		f.early = frac < 1.0/3
		score := weightEarly * (1 - frac)
		switch {
		case f.sameTime:
			score += weightRhythm
		case f.sameDay:
			score += weightRhythm * 0.4
		}
		switch {
		case f.nextToMeeting:
			score += weightFocus
		case f.edge:
			score += weightFocus * 0.5
		}
		if f.mentorCore {
			score += weightCore / 2
		}
		if f.menteeCore {
			score += weightCore / 2
		}
		c.score = math.Round(math.Min(1, math.Max(0, score))*1000) / 1000
		c.flags = f
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		return a.start.Compare(b.start)
	})
	picked := pickDiverse(cands, r.Limit, mLoc)
	out := make([]Slot, len(picked))
	for i, c := range picked {
		out[i] = Slot{
			Start:   c.start.In(mLoc),
			End:     c.start.Add(r.Duration).In(mLoc),
			Score:   c.score,
			Reasons: p.reasons(c, r.Mentee.Loc),
		}
	}
	return out
}

// adjacent reports whether slot starts or ends within near of a meeting.
func adjacent(meetings Set, slot Interval, near time.Duration) bool {
	i := sort.Search(len(meetings), func(i int) bool { return meetings[i].End.After(slot.Start) })
	if i > 0 && slot.Start.Sub(meetings[i-1].End) < near {
		return true
	}
	return i < len(meetings) && !meetings[i].Start.Before(slot.End) && meetings[i].Start.Sub(slot.End) < near
}

// pickDiverse takes up to limit candidates in rank order, at most
// maxPerDay per mentor-local day, then fills any remaining places in rank
// order. The result keeps rank order.
func pickDiverse(cands []candidate, limit int, loc *time.Location) []candidate {
	if len(cands) <= limit {
		return cands
	}
	taken := make([]bool, len(cands))
	perDay := make(map[Date]int)
	n := 0
	for i := 0; i < len(cands) && n < limit; i++ {
		day := DateOf(cands[i].start.In(loc))
		if perDay[day] < maxPerDay {
			perDay[day]++
			taken[i] = true
			n++
		}
	}
	for i := 0; i < len(cands) && n < limit; i++ {
		if !taken[i] {
			taken[i] = true
			n++
		}
	}
	out := make([]candidate, 0, limit)
	for i, ok := range taken {
		if ok {
			out = append(out, cands[i])
		}
	}
	return out
}

// reasons turns a candidate's flags into human-readable sentences.
func (p *plan) reasons(c candidate, menteeLoc *time.Location) []string {
	f := c.flags
	out := []string{}
	switch {
	case f.sameTime:
		out = append(out, "same weekday and time as the last check-in")
	case f.sameDay:
		out = append(out, "same weekday as the last check-in")
	}
	switch {
	case f.nextToMeeting:
		out = append(out, "next to your other meetings, keeps your focus time intact")
	case f.edge:
		out = append(out, "at the edge of a free block, keeps your focus time intact")
	}
	if f.mentorCore && f.menteeCore {
		out = append(out, "inside both people's core hours")
	}
	if !f.menteeCore {
		out = append(out, fmt.Sprintf("outside the mentee's core hours (%s for them)",
			c.start.In(menteeLoc).Format("15:04")))
	}
	if !f.mentorCore {
		out = append(out, "outside your core hours")
	}
	if f.early {
		out = append(out, "early in the cycle")
	}
	return out
}
