package schedule

import (
	"errors"
	"strings"
)

// FieldError says what is wrong with one input field. Field is the JSON
// name of the field as clients send it, e.g. "checkin_windows.tue[0]".
type FieldError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError reports every problem found in an input at once.
type ValidationError struct {
	Problems []FieldError
}

// Invalid returns a *ValidationError holding a single problem.
func Invalid(field, message string) *ValidationError {
	return &ValidationError{Problems: []FieldError{{Field: field, Message: message}}}
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Field + ": " + p.Message
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records a problem.
func (e *ValidationError) Add(field, message string) {
	e.Problems = append(e.Problems, FieldError{Field: field, Message: message})
}

// Merge appends the problems of err when it is a *ValidationError, each
// field prefixed with prefix (when not empty); other non-nil errors are
// recorded under prefix.
func (e *ValidationError) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var v *ValidationError
	if !errors.As(err, &v) {
		e.Add(prefix, err.Error())
		return
	}
	for _, p := range v.Problems {
		f := p.Field
		switch {
		case prefix == "":
		case f == "":
			f = prefix
		default:
			f = prefix + "." + f
		}
		e.Add(f, p.Message)
	}
}

// Err returns e when it holds problems and nil otherwise.
func (e *ValidationError) Err() error {
	if e == nil || len(e.Problems) == 0 {
		return nil
	}
	return e
}
