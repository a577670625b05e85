package booking

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/schedule"
)

// summaryCycles is how many upcoming cycles the summary lists.
const summaryCycles = 3

// Summary is the follow-up note of an agreement: the terms and the next
// dates, with the data behind it for other renderings.
type Summary struct {
	Agreement      checkins.Agreement
	Mentor, Mentee checkins.Person
	CheckIns       []checkins.CheckIn // booked, in cycle order
	Upcoming       []schedule.Cycle   // the next open cycles
}

// Summary gathers the follow-up note of an agreement.
func (s *Service) Summary(ctx context.Context, agreementID string) (Summary, error) {
	a, mentor, mentee, err := s.loadAgreement(ctx, agreementID)
	if err != nil {
		return Summary{}, err
	}
	sum := Summary{Agreement: a, Mentor: mentor, Mentee: mentee}
	booked, err := s.bookedCycles(ctx, a.ID)
	if err != nil {
		return Summary{}, err
	}
	for _, c := range booked {
		sum.CheckIns = append(sum.CheckIns, c)
	}
	slices.SortFunc(sum.CheckIns, func(x, y checkins.CheckIn) int { return x.Cycle - y.Cycle })
	if a.Status == checkins.StatusEnded {
		return sum, nil
	}
	cycles, err := cyclesOf(a, mentor)
	if err != nil {
		return Summary{}, err
	}
	now := s.now()
	first := 0
	if c, ok := cycles.Containing(now); ok {
		first = c.Index
	}
	for k := first; len(sum.Upcoming) < summaryCycles; k++ {
		c, err := cycles.At(k)
		if err != nil {
			break // past the last session
		}
		if _, ok := booked[k]; !ok && c.End.After(now) {
			sum.Upcoming = append(sum.Upcoming, c)
		}
	}
	return sum, nil
}

// Markdown renders the follow-up note confirming the agreed terms.
func (sum Summary) Markdown() string {
	a := sum.Agreement
	loc, err := time.LoadLocation(sum.Mentor.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Check-ins: %s and %s\n\n", sum.Mentor.Name, sum.Mentee.Name)
	fmt.Fprintf(&b, "Following up on our conversation, here are the terms we agreed on.\n\n")
	fmt.Fprintf(&b, "- **Kind:** %s\n", a.Kind)
	fmt.Fprintf(&b, "- **Cadence:** %s\n", cadenceText(a))
	fmt.Fprintf(&b, "- **Length:** %d minutes\n", a.DurationMinutes)
	fmt.Fprintf(&b, "- **Format:** %s\n", strings.ReplaceAll(string(a.Format), "_", " "))
	fmt.Fprintf(&b, "- **Starting:** %s\n", a.StartsOn)
	if a.Sessions > 0 {
		fmt.Fprintf(&b, "- **Sessions:** %d\n", a.Sessions)
	}
	fmt.Fprintf(&b, "- **Status:** %s\n", a.Status)
	if a.AutoBook {
		fmt.Fprintf(&b, "- **Booking:** automatic, %d days ahead\n", a.BookAheadDays)
	}
	if len(a.Topics) > 0 {
		b.WriteString("\n## Topics\n\n")
		for _, t := range a.Topics {
			fmt.Fprintf(&b, "- %s\n", t)
		}
	}
	if len(sum.CheckIns) > 0 {
		b.WriteString("\n## Booked check-ins\n\n")
		for _, c := range sum.CheckIns {
			if c.Start.IsZero() {
				fmt.Fprintf(&b, "- Cycle %d: written update\n", c.Cycle)
				continue
			}
			fmt.Fprintf(&b, "- Cycle %d: %s\n", c.Cycle, c.Start.In(loc).Format("Mon 2 Jan 2006, 15:04 MST"))
		}
	}
	if len(sum.Upcoming) > 0 {
		b.WriteString("\n## Next dates\n\n")
		for _, c := range sum.Upcoming {
			fmt.Fprintf(&b, "- Cycle %d: between %s and %s\n", c.Index,
				c.Start.In(loc).Format("Mon 2 Jan 2006"), c.End.In(loc).Add(-time.Nanosecond).Format("Mon 2 Jan 2006"))
		}
	}
	fmt.Fprintf(&b, "\nTimes are in %s's time zone, %s.\n", sum.Mentor.Name, sum.Mentor.TimeZone)
	return b.String()
}

func cadenceText(a checkins.Agreement) string {
	if a.Cadence == nil || a.Kind == checkins.KindSituational {
		return "a single check-in"
	}
	unit := string(a.Cadence.Unit)
	if a.Cadence.Every == 1 {
		return "every " + unit
	}
	return fmt.Sprintf("every %d %ss", a.Cadence.Every, unit)
}
