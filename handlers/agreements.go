package handlers

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mentorship/checkins"
	"github.com/mentorship/checkins/booking"
	"github.com/mentorship/checkins/schedule"
)

func createAgreement(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in booking.AgreementInput
		if err := decode(c, &in); err != nil {
			return err
		}
		a, err := svc.CreateAgreement(c.Request().Context(), in)
		if err != nil {
			return err
		}
		c.Response().Header().Set(echo.HeaderLocation, "/v1/agreements/"+a.ID)
		return render(c, http.StatusCreated, a)
	}
}

func getAgreement(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, err := svc.GetAgreement(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, a)
	}
}

func listAgreements(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		as, err := svc.ListAgreements(c.Request().Context(), c.QueryParam("person_id"))
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, map[string]any{"agreements": as})
	}
}

func updateAgreement(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in booking.AgreementInput
		if err := decode(c, &in); err != nil {
			return err
		}
		a, err := svc.UpdateAgreement(c.Request().Context(), c.Param("id"), in)
		if err != nil {
			return err
		}
		return render(c, http.StatusOK, a)
	}
}

// proposalsResponse is the body of GET /v1/agreements/{id}/proposals.
type proposalsResponse struct {
	AgreementID     string          `json:"agreement_id"`
	Cycle           schedule.Cycle  `json:"cycle"`
	DurationMinutes int             `json:"duration_minutes"`
	Slots           []schedule.Slot `json:"slots"`
	Reason          string          `json:"reason,omitempty"`
	Availability    *freshness      `json:"availability,omitempty"`
}

type freshness struct {
	FetchedAt time.Time `json:"fetched_at"`
	Stale     bool      `json:"stale"`
}

// Limits of the proposals query.
const (
	defaultLimit = 5
	maxLimit     = 20
)

func proposals(svc *booking.Service) echo.HandlerFunc {
	return func(c echo.Context) error {
		verr := &checkins.ValidationError{}
		cycle, err := booking.ParseCycle(c.QueryParam("cycle"))
		verr.Merge("", err)
		limit := defaultLimit
		if v := c.QueryParam("limit"); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > maxLimit {
				verr.Add("limit", "must be a whole number from 1 to 20")
			}
			limit = n
		}
		if err := verr.Err(); err != nil {
			return err
		}
		p, err := svc.Propose(c.Request().Context(), c.Param("id"), cycle, limit)
		if err != nil {
			return err
		}
		resp := proposalsResponse{AgreementID: p.AgreementID, Cycle: p.Cycle, DurationMinutes: p.DurationMinutes,
			Slots: p.Slots, Reason: p.Reason}
		if resp.Slots == nil {
			resp.Slots = []schedule.Slot{}
		}
		if p.Availability.Read {
			resp.Availability = &freshness{FetchedAt: p.Availability.FetchedAt.UTC(), Stale: p.Availability.Stale}
		}
		setCacheStatus(c, p.Availability)
		return render(c, http.StatusOK, resp)
	}
}

// summary answers the follow-up note as Markdown, or the booked
// check-ins as iCalendar when the client asks for text/calendar.
func summary(svc *booking.Service, now func() time.Time) echo.HandlerFunc {
	return func(c echo.Context) error {
		s, err := svc.Summary(c.Request().Context(), c.Param("id"))
		if err != nil {
			return err
		}
		if strings.Contains(c.Request().Header.Get("Accept"), mimeCalendar) {
			return renderICalendar(c, s, now())
		}
		return c.Blob(http.StatusOK, "text/markdown; charset=utf-8", []byte(s.Markdown()))
	}
}
