package booking

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/calendar"
	"github.com/mentorship/checkins/schedule"
	"github.com/mentorship/checkins/store"
)

// AutobookBooking is a check-in booked by a pass.
type AutobookBooking struct {
	AgreementID string    `json:"agreement_id"`
	Cycle       int       `json:"cycle"`
	CheckInID   string    `json:"checkin_id"`
	Start       time.Time `json:"start"`
}

// AutobookSkip is a due cycle a pass could not book, and why.
type AutobookSkip struct {
	AgreementID string `json:"agreement_id"`
	Cycle       int    `json:"cycle"`
	Reason      string `json:"reason"`
}

// AutobookReport is the outcome of one auto-booking pass.
type AutobookReport struct {
	Agreements  int               `json:"agreements"`
	Due         int               `json:"due"`
	Booked      []AutobookBooking `json:"booked"`
	Unscheduled []AutobookSkip    `json:"unscheduled"`
	Errors      []AutobookSkip    `json:"errors"`
	Repaired    int               `json:"repaired"`
	StartedAt   time.Time         `json:"started_at"`
	FinishedAt  time.Time         `json:"finished_at"`

	mu sync.Mutex
}

func (r *AutobookReport) add(list *[]AutobookSkip, a string, cycle int, reason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	*list = append(*list, AutobookSkip{AgreementID: a, Cycle: cycle, Reason: reason})
}

// autobookWorkers is how many mentors a pass books for at once.
const autobookWorkers = 4

// autobookJob is one due cycle.
type autobookJob struct {
	a              checkins.Agreement
	mentor, mentee checkins.Person
	cyc            schedule.Cycle
	booked         map[int]checkins.CheckIn
}

// Autobook runs one auto-booking pass: it repairs interrupted bookings,
// then books, for every active auto_book agreement, each cycle that starts
// within book_ahead_days and has no check-in, at its best proposal,
// through the same path as the API. Free/busy for the proposals is read in
// one batched query over every calendar involved (the provider sends 50
// calendars per call); each booking then re-reads its two calendars fresh.
// A cycle with no possible slot is reported in Unscheduled and tried again
// next pass; a failing agreement does not stop the others. Passes running
// at once in several processes never book a cycle twice.
func (s *Service) Autobook(ctx context.Context) (*AutobookReport, error) {
	now := s.now()
	rep := &AutobookReport{Booked: []AutobookBooking{}, Unscheduled: []AutobookSkip{}, Errors: []AutobookSkip{}, StartedAt: now.UTC()}
	if err := s.Repair(ctx, rep); err != nil {
		return nil, err
	}
	jobs, err := s.dueCycles(ctx, now, rep)
	if err != nil {
		return nil, err
	}
	read, err := s.prefetch(ctx, now, jobs)
	if err != nil {
		for _, j := range jobs {
			rep.add(&rep.Errors, j.a.ID, j.cyc.Index, err.Error())
		}
		rep.FinishedAt = s.now().UTC()
		return rep, nil
	}
	// One worker per mentor at a time: a mentor's bookings are serialised
	// anyway, and the weekly cap must see each booking before the next.
	byMentor := map[string][]autobookJob{}
	var mentors []string
	for _, j := range jobs {
		if _, ok := byMentor[j.mentor.ID]; !ok {
			mentors = append(mentors, j.mentor.ID)
		}
		byMentor[j.mentor.ID] = append(byMentor[j.mentor.ID], j)
	}
	work := make(chan string)
	var wg sync.WaitGroup
	for range autobookWorkers {
		wg.Go(func() {
			for m := range work {
				for _, j := range byMentor[m] {
					s.autobookOne(ctx, j, read, rep)
				}
			}
		})
	}
	for _, m := range mentors {
		work <- m
	}
	close(work)
	wg.Wait()
	rep.FinishedAt = s.now().UTC()
	return rep, nil
}

// dueCycles lists the cycles a pass must book.
func (s *Service) dueCycles(ctx context.Context, now time.Time, rep *AutobookReport) ([]autobookJob, error) {
	ags, err := s.store.ListAgreements(ctx, store.AgreementFilter{AutoBook: true})
	if err != nil {
		return nil, fmt.Errorf("list auto-book agreements: %w", err)
	}
	rep.Agreements = len(ags)
	people := map[string]checkins.Person{}
	person := func(id string) (checkins.Person, error) {
		if p, ok := people[id]; ok {
			return p, nil
		}
		p, err := s.GetPerson(ctx, id)
		if err == nil {
			people[id] = p
		}
		return p, err
	}
	var jobs []autobookJob
	for _, a := range ags {
		if a.Format == checkins.FormatAsync {
			continue // written updates book no calendar time
		}
		mentor, err := person(a.MentorID)
		if err != nil {
			rep.add(&rep.Errors, a.ID, -1, err.Error())
			continue
		}
		mentee, err := person(a.MenteeID)
		if err != nil {
			rep.add(&rep.Errors, a.ID, -1, err.Error())
			continue
		}
		cycles, err := cyclesOf(a, mentor)
		if err != nil {
			rep.add(&rep.Errors, a.ID, -1, err.Error())
			continue
		}
		booked, err := s.bookedCycles(ctx, a.ID)
		if err != nil {
			rep.add(&rep.Errors, a.ID, -1, err.Error())
			continue
		}
		horizon := now.AddDate(0, 0, a.BookAheadDays)
		first := 0
		if c, ok := cycles.Containing(now); ok {
			first = c.Index
		}
		for k := first; ; k++ {
			cyc, err := cycles.At(k)
			if err != nil || !cyc.Start.Before(horizon) {
				break
			}
			if _, ok := booked[k]; ok || !cyc.End.After(now) {
				continue
			}
			jobs = append(jobs, autobookJob{a: a, mentor: mentor, mentee: mentee, cyc: cyc, booked: booked})
		}
	}
	rep.Due = len(jobs)
	return jobs, nil
}

// prefetch reads the busy time of every calendar of the due cycles in one
// batched query and returns a reader answering from it.
func (s *Service) prefetch(ctx context.Context, now time.Time, jobs []autobookJob) (busyReader, error) {
	var ids []string
	window := schedule.Interval{Start: now, End: now}
	for _, j := range jobs {
		for _, p := range []checkins.Person{j.mentor, j.mentee} {
			if p.CalendarID != "" && !slices.Contains(ids, p.CalendarID) {
				ids = append(ids, p.CalendarID)
			}
		}
		buffer := time.Duration(j.mentor.BufferMinutes) * time.Minute
		window.Start = minTime(window.Start, maxTime(j.cyc.Start, now).Add(-buffer))
		window.End = maxTime(window.End, j.cyc.End.Add(buffer))
	}
	got := map[string]calendar.Busy{}
	if len(ids) > 0 {
		var err error
		if got, err = s.cal.FreeBusy(ctx, ids, window); err != nil {
			return nil, fmt.Errorf("read free/busy of %d calendars: %w", len(ids), err)
		}
	}
	return func(_ context.Context, w schedule.Interval, people ...checkins.Person) (map[string]schedule.Set, Freshness, error) {
		out := make(map[string]schedule.Set, len(people))
		var info Freshness
		for _, p := range people {
			if p.CalendarID == "" {
				continue
			}
			b, ok := got[p.CalendarID]
			switch {
			case !ok:
				return nil, info, &checkins.CalendarError{CalendarID: p.CalendarID, Reason: "missing", Err: checkins.ErrUnavailable}
			case b.Err != nil:
				return nil, info, b.Err
			}
			info.add(b)
			out[p.CalendarID] = schedule.NewSet(b.Intervals...).Clip(w)
		}
		return out, info, nil
	}, nil
}

// autobookOne books one due cycle at its best proposal that is still free.
func (s *Service) autobookOne(ctx context.Context, j autobookJob, read busyReader, rep *AutobookReport) {
	req, _, err := s.request(ctx, j.a, j.mentor, j.mentee, j.cyc, j.booked, read, nil)
	if err != nil {
		rep.add(&rep.Errors, j.a.ID, j.cyc.Index, err.Error())
		return
	}
	req.Limit = 3
	prop, err := schedule.Propose(req)
	if err != nil {
		rep.add(&rep.Errors, j.a.ID, j.cyc.Index, err.Error())
		return
	}
	if len(prop.Slots) == 0 {
		rep.add(&rep.Unscheduled, j.a.ID, j.cyc.Index, prop.Reason)
		return
	}
	reason := ""
	for _, slot := range prop.Slots {
		start := slot.Start
		c, err := s.Book(ctx, j.a.ID, BookInput{Start: &start})
		var conflict *checkins.ConflictError
		switch {
		case err == nil:
			rep.mu.Lock()
			rep.Booked = append(rep.Booked, AutobookBooking{AgreementID: j.a.ID, Cycle: c.Cycle, CheckInID: c.ID, Start: c.Start})
			rep.mu.Unlock()
			return
		case errors.As(err, &conflict) && conflict.Kind == checkins.ConflictCycleAlreadyBooked:
			return // another pass or a client booked it meanwhile
		case errors.As(err, &conflict) && conflict.Kind == checkins.ConflictSlotUnavailable:
			reason = "every proposed slot was taken meanwhile: " + conflict.Detail
			continue
		case errors.As(err, &conflict):
			rep.add(&rep.Unscheduled, j.a.ID, j.cyc.Index, conflict.Detail)
			return
		default:
			rep.add(&rep.Errors, j.a.ID, j.cyc.Index, err.Error())
			return
		}
	}
	rep.add(&rep.Unscheduled, j.a.ID, j.cyc.Index, reason)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
