# Planted: the file itself throws while Pester loads it.
throw 'planted: the top level throws'
