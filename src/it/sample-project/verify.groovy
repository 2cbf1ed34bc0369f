// After the sample project's build: its WAR holds its compiled workflow, its task type and Braid's library, and
// not the embedded runtime; its test ran and passed.
def war = new java.util.zip.ZipFile(new File(basedir, 'target/orders-batch-1.0.0.war'))
def names = war.entries().collect { it.name }
war.close()
assert names.contains('WEB-INF/classes/META-INF/batch-jobs/orders.xml') : 'the compiled job XML'
assert names.contains('WEB-INF/classes/META-INF/braid/workflows/index') : 'the catalog entry Braid verifies runs against'
assert names.contains('WEB-INF/classes/META-INF/services/io.braid.spi.TaskType') : 'the own task type'
assert names.any { it ==~ /WEB-INF\/lib\/braid-.*-core\.jar/ } : "Braid's library: ${names.findAll { it.startsWith('WEB-INF/lib/') }}"
assert !names.any { it.startsWith('WEB-INF/lib/jberet') || it.startsWith('WEB-INF/lib/weld') } : 'no embedded runtime in the WAR'
def report = new File(basedir, 'target/surefire-reports/TEST-com.example.orders.OrdersWorkflowTest.xml')
assert report.isFile() : 'the test ran'
def head = report.text.find(/<testsuite [^>]*>/)
assert head =~ /tests="1"/ && head =~ /failures="0"/ && head =~ /errors="0"/ && head =~ /skipped="0"/ : head
def contract = new File(basedir, 'target/surefire-reports/TEST-com.example.orders.GreetingTypeTest.xml')
assert contract.isFile() : 'the task type contract ran'
def chead = contract.text.find(/<testsuite [^>]*>/)
assert chead =~ /failures="0"/ && chead =~ /errors="0"/ && !(chead =~ /tests="0"/) : chead
return true
