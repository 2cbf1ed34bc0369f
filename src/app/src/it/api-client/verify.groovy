// After the client's build: it was generated from the server's document and its test ran and passed.
assert new File(basedir, 'target/generated-sources/openapi/src/main/java/com/example/client/api/RunsApi.java').isFile() : 'the client was generated'
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.client.GeneratedClientTest.xml')
assert report.isFile() : 'the test ran'
def head = report.text.find(/<testsuite [^>]*>/)
assert head =~ /tests="2"/ && head =~ /failures="0"/ && head =~ /errors="0"/ && head =~ /skipped="0"/ : head
return true
