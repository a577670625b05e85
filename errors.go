package checkins

import (
	"errors"
	"fmt"

	"github.com/mentorship/checkins/schedule"
)

// Errors with a meaning for clients. Adapters wrap them with context;
// handlers map them to HTTP statuses in one place.
var (
	// ErrNotFound: the resource does not exist, or the caller may not see it.
	ErrNotFound = errors.New("not found")
	// ErrConflict: the request conflicts with the stored state.
	ErrConflict = errors.New("conflict")
	// ErrUnavailable: a dependency (calendar, store) cannot answer now;
	// retrying later may succeed.
	ErrUnavailable = errors.New("temporarily unavailable")
	// ErrCalendarNotFound: the calendar provider does not know the calendar
	// or denies access to it. Its availability is unknown, never free.
	ErrCalendarNotFound = errors.New("calendar not found")
)

// ValidationError reports invalid input field by field.
type ValidationError = schedule.ValidationError

// FieldError is one problem of a ValidationError.
type FieldError = schedule.FieldError

// Conflict kinds, the last segment of the problem type URI.
const (
	ConflictSlotUnavailable    = "slot-unavailable"
	ConflictCycleAlreadyBooked = "cycle-already-booked"
	ConflictCapacityReached    = "capacity-reached"
	ConflictAgreementInactive  = "agreement-inactive"
	ConflictIdempotencyKey     = "idempotency-key-in-use"
	ConflictTermsLocked        = "terms-locked"
)

// ConflictError is a refusal with a reason the client can act on. It
// matches ErrConflict with errors.Is.
type ConflictError struct {
	Kind   string // one of the Conflict* constants
	Detail string // human-readable reason
}

func (e *ConflictError) Error() string { return e.Kind + ": " + e.Detail }

// Is makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// CalendarError is a failure of one calendar at the provider. Err is
// ErrCalendarNotFound or ErrUnavailable (possibly wrapped); Reason is the
// provider's word for it ("notFound", "internalError", ...).
type CalendarError struct {
	CalendarID string
	Reason     string
	Err        error
}

func (e *CalendarError) Error() string {
	return fmt.Sprintf("calendar %q: %s: %v", e.CalendarID, e.Reason, e.Err)
}

func (e *CalendarError) Unwrap() error { return e.Err }

// Invalid returns a *ValidationError holding a single problem.
func Invalid(field, message string) *ValidationError { return schedule.Invalid(field, message) }
