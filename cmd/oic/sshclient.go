package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"
	"golang.org/x/crypto/ssh/agent"
	"golang.org/x/crypto/ssh/knownhosts"
)

// The client side of team mode: oic push, pull and refs reserve talk to
// an oic serve as OpenSSH would, so the officer's key and known_hosts are
// the ones their ssh already uses. The server's host key is checked
// against known_hosts and an unknown one refused, never trusted on first
// use: a laptop that sends visits to an impostor has given them away.

// defaultServePort is oic serve's port when a URL names none.
const defaultServePort = "2323"

// sshTarget is a server named by ssh://[user@]host[:port].
type sshTarget struct {
	User string // "" for the local user's name (the server ignores it)
	Host string
	Port string
}

// Addr is host:port, for dialling and for known_hosts.
func (t sshTarget) Addr() string { return net.JoinHostPort(t.Host, t.Port) }

// String is the target as the officer would type it again.
func (t sshTarget) String() string {
	u := ""
	if t.User != "" {
		u = t.User + "@"
	}
	return "ssh://" + u + t.Addr()
}

// parseSSHTarget reads ssh://[user@]host[:port]; the port is 2323 unless
// given. Anything else (a path, a query, a password) is refused.
func parseSSHTarget(s string) (sshTarget, error) {
	bad := func(why string) (sshTarget, error) {
		return sshTarget{}, fmt.Errorf("%q is not a server's address: %s. Give it as ssh://HOST:2323 or ssh://USER@HOST:PORT", s, why)
	}
	if !strings.HasPrefix(s, "ssh://") {
		return bad("it does not start with ssh://")
	}
	u, err := url.Parse(s)
	if err != nil {
		return bad("it cannot be read as a URL")
	}
	if u.Host == "" || u.Hostname() == "" {
		return bad("it names no host")
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return bad("it has more than a host and a port")
	}
	if _, set := u.User.Password(); set {
		return bad("it holds a password; oic signs in with your SSH key only")
	}
	t := sshTarget{User: u.User.Username(), Host: u.Hostname(), Port: u.Port()}
	if t.Port == "" {
		t.Port = defaultServePort
	}
	if n, err := strconv.Atoi(t.Port); err != nil || n < 1 || n > 65535 {
		return bad("its port is not a number from 1 to 65535")
	}
	return t, nil
}

// sshOptions are how to reach a server: the officer's key and the
// known_hosts files the server's host key is checked against.
type sshOptions struct {
	// Identity is a private key file; "" for ~/.ssh/id_ed25519 if it is
	// there. ssh-agent's keys (SSH_AUTH_SOCK) are offered too.
	Identity string
	// KnownHosts is the known_hosts file; "" for ~/.ssh/known_hosts.
	KnownHosts string
	// Timeout bounds the connection and the key exchange.
	Timeout time.Duration
}

// sshDial connects to t as the officer whose key opt gives, the host key
// checked against known_hosts.
func sshDial(ctx context.Context, t sshTarget, opt sshOptions) (*ssh.Client, error) {
	auth, closeAgent, err := sshAuth(opt.Identity)
	if err != nil {
		return nil, err
	}
	defer closeAgent()
	hostKeys, err := hostKeyCheck(t, opt.KnownHosts)
	if err != nil {
		return nil, err
	}
	user := t.User
	if user == "" {
		user = os.Getenv("USER")
		if user == "" {
			user = "oic"
		}
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = 20 * time.Second
	}
	cfg := &ssh.ClientConfig{User: user, Auth: auth, HostKeyCallback: hostKeys, Timeout: timeout}
	d := net.Dialer{Timeout: timeout}
	conn, err := d.DialContext(ctx, "tcp", t.Addr())
	if err != nil {
		return nil, fmt.Errorf("cannot reach %s: %w. Check the address and that oic serve runs there", t, err)
	}
	c, chans, reqs, err := ssh.NewClientConn(conn, t.Addr(), cfg)
	if err != nil {
		conn.Close()
		var hk *hostKeyError
		if errors.As(err, &hk) {
			return nil, hk
		}
		if strings.Contains(err.Error(), "unable to authenticate") {
			return nil, fmt.Errorf("%s did not let you in: none of your keys is an officer's key there. Ask its administrator to run oic officer key add STAFFNO with your public key (%s.pub); then try again", t, displayIdentity(opt.Identity))
		}
		return nil, fmt.Errorf("cannot connect to %s: %w", t, err)
	}
	return ssh.NewClient(c, chans, reqs), nil
}

// sshAuth is the officer's keys: the identity file, if there is one,
// then ssh-agent's. The returned function closes the agent's socket.
func sshAuth(identity string) ([]ssh.AuthMethod, func(), error) {
	var signers []ssh.Signer
	explicit := identity != ""
	if !explicit {
		if home, err := os.UserHomeDir(); err == nil {
			identity = filepath.Join(home, ".ssh", "id_ed25519")
		}
	}
	if identity != "" {
		b, err := os.ReadFile(identity)
		switch {
		case err == nil:
			sg, err := ssh.ParsePrivateKey(b)
			var pass *ssh.PassphraseMissingError
			switch {
			case errors.As(err, &pass):
				if explicit && os.Getenv("SSH_AUTH_SOCK") == "" {
					return nil, func() {}, fmt.Errorf("the key %s is protected by a passphrase: add it to ssh-agent (ssh-add %s) and try again", identity, identity)
				}
				// ssh-agent holds it, if it was added.
			case err != nil:
				return nil, func() {}, fmt.Errorf("%s is not an SSH private key oic can read (%v): give your key with --identity FILE", identity, err)
			default:
				signers = append(signers, sg)
			}
		case explicit:
			return nil, func() {}, fmt.Errorf("cannot read your key %s: %w", identity, err)
		}
	}
	closeAgent := func() {}
	if sock := os.Getenv("SSH_AUTH_SOCK"); sock != "" {
		if conn, err := net.Dial("unix", sock); err == nil {
			closeAgent = func() { conn.Close() }
			if more, err := agent.NewClient(conn).Signers(); err == nil {
				signers = append(signers, more...)
			}
		}
	}
	if len(signers) == 0 {
		return nil, closeAgent, fmt.Errorf("no SSH key to sign in with: %s is not there and ssh-agent holds none. Give your key with --identity FILE, or make one (ssh-keygen -t ed25519) and ask the server's administrator to add its .pub", displayIdentity(identity))
	}
	return []ssh.AuthMethod{ssh.PublicKeys(signers...)}, closeAgent, nil
}

func displayIdentity(identity string) string {
	if identity == "" {
		return "~/.ssh/id_ed25519"
	}
	return identity
}

// hostKeyError is a server whose host key known_hosts does not hold, or
// holds another for.
type hostKeyError struct{ msg string }

func (e *hostKeyError) Error() string { return e.msg }

// hostKeyCheck checks the server's host key against the known_hosts file
// (~/.ssh/known_hosts unless given). A host it does not list is refused
// with the key's fingerprint and how to add it once checked; a host it
// lists with another key is refused as OpenSSH refuses it.
func hostKeyCheck(t sshTarget, file string) (ssh.HostKeyCallback, error) {
	if file == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("cannot find your home folder for ~/.ssh/known_hosts: %w; give the file with --known-hosts", err)
		}
		file = filepath.Join(home, ".ssh", "known_hosts")
	}
	var check ssh.HostKeyCallback
	if _, err := os.Stat(file); err == nil {
		if check, err = knownhosts.New(file); err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", file, err)
		}
	}
	entry := knownhosts.Normalize(t.Addr())
	return func(hostname string, remote net.Addr, key ssh.PublicKey) error {
		fp := ssh.FingerprintSHA256(key)
		line := knownhosts.Line([]string{entry}, key)
		unknown := &hostKeyError{fmt.Sprintf("the server %s is not in %s: its host key is %s (%s), and oic does not trust a server on first sight. "+
			"Ask the server's administrator for its host key's fingerprint (oic serve prints it as it starts: \"host key SHA256:...\"); if it is this one, add the server with\n"+
			"  echo '%s' >> %s\nand try again. Nothing was sent", t.Addr(), file, fp, key.Type(), line, file)}
		if check == nil {
			return unknown
		}
		err := check(hostname, remote, key)
		var ke *knownhosts.KeyError
		switch {
		case err == nil:
			return nil
		case errors.As(err, &ke) && len(ke.Want) == 0:
			return unknown
		case errors.As(err, &ke):
			where := ke.Want[0]
			return &hostKeyError{fmt.Sprintf("the server %s offered the host key %s, but %s line %d holds another for it (%s): this may be another machine posing as the server. "+
				"Nothing was sent. Ask its administrator whether its host key changed; if it did, remove that line and add the new one", t.Addr(), fp, where.Filename, where.Line, ssh.FingerprintSHA256(where.Key))}
		}
		return err
	}, nil
}

// sshRun runs the oic command args on the server over c, as the officer
// the key belongs to: stdin sent (nil: none), stdout and stderr written
// as they come. It returns the command's exit status. Cancelling ctx
// closes the session.
func sshRun(ctx context.Context, c *ssh.Client, args []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	sess, err := c.NewSession()
	if err != nil {
		return -1, fmt.Errorf("cannot open a session on the server: %w", err)
	}
	defer sess.Close()
	sess.Stdin, sess.Stdout, sess.Stderr = stdin, stdout, stderr
	stop := context.AfterFunc(ctx, func() { sess.Close() })
	defer stop()
	err = sess.Run(shellJoin(args))
	var exit *ssh.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &exit):
		return exit.ExitStatus(), nil
	case ctx.Err() != nil:
		return -1, ctx.Err()
	}
	return -1, fmt.Errorf("the server closed the session: %w", err)
}

// shellJoin quotes args for the server, which splits a command as a
// shell does.
func shellJoin(args []string) string {
	var b bytes.Buffer
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(shellQuote(a))
	}
	return b.String()
}
