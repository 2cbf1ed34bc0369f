// The build failed in Braid's compile goal with every problem as file:line:column: field: message, relative to the
// project, in Maven's own error summary, and wrote no job XML, not even of the valid workflow.
def log = new File(basedir, 'build.log').text
assert log.contains('Failed to execute goal io.braid:braid-maven-plugin') : log
assert log =~ /src\/main\/workflows\/orders\.yaml:4:\d+: tasks\[shout\]\.type: unknown type 'wiat' \(did you mean 'wait'\?\)/ : log
assert log =~ /src\/main\/workflows\/orders\.yaml:5:\d+: tasks\[stamp\]\.needs: unknown task 'gret'/ : log
assert !(log =~ /at io\.braid\./) : 'no stack trace of Braid in the build log'
assert !new File(basedir, 'target/classes/META-INF/batch-jobs').exists() : 'nothing written'
return true
