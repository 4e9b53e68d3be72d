# Sourced by the test script: tools the tests call that a fresh machine may lack.
ensure_tools() {
  :
}
